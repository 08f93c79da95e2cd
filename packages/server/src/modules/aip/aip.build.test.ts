import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { parseBagInfo } from './bag.tagfiles.ts';
import { validateBagDir } from './bag.validate.ts';
import { readMetsFile } from './mets.reader.ts';
import { archivedRecord, parseXml, unpackTar } from './aip.test-kit.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await buildTestApp();
  h = (await signedIn(t, ['archivist'], { clearance: 'juemi' })).headers;
});
afterAll(async () => t?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const TXT = Buffer.from('会议纪要：关于档案数字化的意见\n');

describe('AIP writer', () => {
  it('archiving a record enqueues its AIP build in the same transaction', async () => {
    const r = await archivedRecord(t.app, h, [['正文.pdf', PDF]]);
    const jobs = await t.c.db.selectFrom('job_runs').select(['name']).where('name', '=', 'aip.build').execute();
    expect(jobs.length).toBeGreaterThan(0);
    expect(r.id).toBeTruthy();
  });

  it('builds a valid BagIt 1.0 bag with METS/PREMIS, DA/T 46 and the original files, and keeps old versions', async () => {
    const r = await archivedRecord(t.app, h, [['正文.pdf', PDF], ['附件 1.txt', TXT]], { title: '关于<档案>&“数字化”的通知' });
    const b1 = await t.c.aip.aips.build(r.id, 'tester');
    expect(b1.built).toBe(true);
    expect(b1.aip!.version).toBe(1);
    expect((await t.c.aip.aips.build(r.id, 'tester')).built).toBe(false);

    const res = await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips/1/content`, headers: h });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(sha(res.rawPayload)).toBe(b1.aip!.sha256);
    const root = await unpackTar(res.rawPayload);
    const report = await validateBagDir(root);
    expect(report.errors).toEqual([]);
    expect(report.version).toBe('1.0');
    expect(report.algorithms).toEqual(expect.arrayContaining(['sha256', 'sha512', 'tag:sha256', 'tag:sha512']));
    const info = new Map(parseBagInfo(await readFile(path.join(root, 'bag-info.txt'), 'utf8')));
    const rec = (await t.app.inject({ method: 'GET', url: `/api/records/${r.id}`, headers: h })).json();
    expect(info.get('档号')).toBe(rec.archivalCode);
    expect(info.get('全宗号')).toBe(r.fondsCode);
    expect(info.get('Payload-Oxum')).toBe(b1.aip!.payloadOxum);
    expect(info.get('Bagging-Date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await readFile(path.join(root, 'data/objects', rec.archivalCode, 'original/正文.pdf'))).toEqual(PDF);
    expect(await readFile(path.join(root, 'data/objects', rec.archivalCode, 'original/附件 1.txt'))).toEqual(TXT);

    const mets = parseXml(await readFile(path.join(root, 'data/mets.xml'), 'utf8'));
    const objects = mets.filter((e) => e.name === 'premis:object');
    expect(objects).toHaveLength(2);
    const digests = mets.filter((e) => e.name === 'premis:messageDigest').map((e) => e.text);
    const files = await t.c.db.selectFrom('record_files').selectAll().where('record_id', '=', r.id).execute();
    for (const f of files) expect(digests).toEqual(expect.arrayContaining([f.sha256, f.sm3]));
    expect(mets.filter((e) => e.name === 'premis:messageDigestAlgorithm').map((e) => e.text)).toContain('SM3');
    expect(mets.filter((e) => e.name === 'premis:agentName').map((e) => e.text)).toContain('Lantai');
    expect(mets.filter((e) => e.name === 'mets:fptr')).toHaveLength(2);
    const summary = await readMetsFile(path.join(root, 'data/mets.xml'));
    expect(summary.problems).toEqual([]);
    expect(summary.objects.map((o) => o.originalName).sort()).toEqual(['正文.pdf', '附件 1.txt']);
    expect(summary.objects[0]!.fixity.map((x) => x.algorithm)).toEqual(['SHA-256', 'SM3']);

    const dat = parseXml(await readFile(path.join(root, 'data/metadata/dat46.xml'), 'utf8'));
    expect(dat.find((e) => e.name === '题名')!.text).toBe('关于<档案>&“数字化”的通知');
    expect(dat.find((e) => e.name === '档号')!.attrs['值']).toBe(rec.archivalCode);
    expect(dat.filter((e) => e.name === '计算机文件名').map((e) => e.text).sort()).toEqual(['正文.pdf', '附件 1.txt']);
    expect(dat.some((e) => e.name === '业务行为' && e.text === '归档')).toBe(true);

    // A metadata change of the archived record makes version 2; version 1 stays.
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/records/${r.id}`, headers: h, payload: { version: rec.version, remarks: '补充附注' } });
    expect(patch.statusCode).toBe(200);
    const b2 = await t.c.aip.aips.build(r.id, 'tester');
    expect(b2.aip!.version).toBe(2);
    const list = await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips`, headers: h });
    expect(list.json().items.map((a: { version: number }) => a.version)).toEqual([2, 1]);
    expect(await t.c.storage.head(b1.aip!.sha256)).not.toBeNull();
    const ev = await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips/events`, headers: h });
    expect(ev.json().items.filter((e: { type: string }) => e.type === 'information package creation')).toHaveLength(2);
  });

  it('a records officer may list but not download or build; unknown versions are 404', async () => {
    const r = await archivedRecord(t.app, h, [['a.txt', TXT]]);
    await t.c.aip.aips.build(r.id, 'tester');
    const officer = (await signedIn(t, ['records_officer'], { fondsScope: [r.fondsCode] })).headers;
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips`, headers: officer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips/1/content`, headers: officer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/aips`, headers: officer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/records/${r.id}/aips/9/content`, headers: h })).statusCode).toBe(404);
  });

  it('a draft gets no AIP', async () => {
    const f = await (await import('../../../test/catalogue-factory.ts')).buildFonds(t.app, h);
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: h, payload: (await import('../../../test/catalogue-factory.ts')).wsRecord(f.categoryId) });
    expect(await t.c.aip.aips.build(r.json().id, 'tester')).toMatchObject({ built: false, aip: null });
    expect(await t.c.db.selectFrom('aips').select('id').where('record_id', '=', r.json().id).execute()).toEqual([]);
  });

  it('the sweep finds archived records without an up-to-date AIP', async () => {
    const r = await archivedRecord(t.app, h, [['b.txt', TXT]]);
    expect(await t.c.aip.aips.lacking(100000)).toContain(r.id);
    await t.c.aip.aips.build(r.id, 'tester');
    expect(await t.c.aip.aips.lacking(100000)).not.toContain(r.id);
  });
});
