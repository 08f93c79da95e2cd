import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { ingestClient } from '../ingest/test/ingest.kit.ts';
import { onePagePdf, transfer2012, zipBuffer } from '../ingest/test/zip.writer.ts';
import { unpackTar } from './aip.test-kit.ts';
import { readMetsFile } from './mets.reader.ts';

// A record that came through 四性检测 and 接收 gets its AIP without anyone asking, and the AIP carries the stored report (JSON and PDF).
let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  h = (await signedIn(t, ['archivist'])).headers;
  await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: h, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
}, 60_000);
afterAll(async () => t?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('AIP of an ingested record', () => {
  it('holds the 四性检测 report of its ingest run, byte for byte, listed in METS', { timeout: 180_000 }, async () => {
    const fonds = await buildFonds(t.app, h);
    const io = ingestClient(t, h);
    const zip = zipBuffer(transfer2012([{ title: '关于档案接收的通知', date: '20210315', file: 'a.pdf', data: await onePagePdf('关于档案接收的通知') }]));
    const up = await io.upload(zip, '移交载体.zip', 100);
    const run = await io.waitRun((await io.run(up.id, fonds.categoryId, { defaults: { orgCode: 'BGS' } })).id);
    expect((await io.decide(run.id, 'accept')).statusCode).toBe(200);
    await io.waitRun(run.id, ['accepted', 'failed']);
    const rec = await t.c.db.selectFrom('records').select(['id', 'archival_code']).where('category_id', '=', fonds.categoryId).executeTakeFirstOrThrow();
    // The accept enqueued the AIP build in its own transaction: the worker builds it without anyone asking.
    expect(await t.c.db.selectFrom('job_runs').select('id').where('name', '=', 'aip.build').execute()).not.toEqual([]);
    await expect.poll(async () => (await t.c.db.selectFrom('aips').select('version').where('record_id', '=', rec.id).execute()).length, { timeout: 60_000, interval: 250 }).toBe(1);
    expect(await t.c.aip.aips.lacking(100000)).not.toContain(rec.id);
    const tar = await t.app.inject({ url: `/api/records/${rec.id}/aips/1/content`, headers: h });
    const root = await unpackTar(tar.rawPayload);
    const json = await readFile(path.join(root, 'data/metadata/sixing-report.json'));
    expect(sha(json)).toBe(run.reportSha256);
    expect((await readFile(path.join(root, 'data/metadata/sixing-report.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
    const mets = await readMetsFile(path.join(root, 'data/mets.xml'));
    expect(mets.files.map((f) => f.href)).toEqual(expect.arrayContaining(['metadata/sixing-report.json', 'metadata/sixing-report.pdf']));
  });
});
