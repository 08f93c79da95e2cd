import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { runWorkDir } from './ingest.paths.ts';
import { ingestClient } from './test/ingest.kit.ts';
import { onePagePdf, transfer2012, zipBuffer } from './test/zip.writer.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  // No clamd in this test (the virus items have their own tests): the archivist switches them off, as the configuration allows.
  await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: 0, items: NO_VIRUS } });
}, 60_000);
const NO_VIRUS = { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } };
afterAll(async () => { await t.close(); });

const PDFS: Record<string, Buffer> = {};
const pdf = (s: string) => PDFS[s]!;
beforeAll(async () => { for (const k of ['a', 'b', 'c']) PDFS[k] = await onePagePdf(`document ${k}`); });
const countRecords = async () => Number((await t.c.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', fonds.categoryId).executeTakeFirstOrThrow()).n);

describe('a 2012 transfer carrier: upload in chunks → 四性检测 → accept', () => {
  it('passes, is accepted into records with files in one go, and every record links to the stored report', { timeout: 120_000 }, async () => {
    const io = ingestClient(t, arch.headers);
    const zip = zipBuffer(transfer2012([
      { title: '关于印发年度工作要点的通知', date: '20210315', file: 'a.pdf', data: pdf('a') },
      { title: '关于召开安全生产会议的通知', date: '20210402', file: 'b.pdf', data: pdf('b') },
    ]));
    const up = await io.upload(zip, '移交载体.zip', 100);
    const started = await io.run(up.id, fonds.categoryId, { defaults: { orgCode: 'BGS' } });
    const run = await io.waitRun(started.id);
    const rep = await io.report(run.id);
    expect(run.status, JSON.stringify(rep.items.filter((i: { outcome: string }) => i.outcome === 'fail'))).toBe('checked');
    expect(run).toMatchObject({ layout: 'transfer2012', recordCount: 2, fileCount: 2, percent: 100 });
    expect(run.verdict, JSON.stringify(rep.items.filter((i: { outcome: string }) => i.outcome === 'fail'))).not.toBe('fail');
    expect(rep.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['GD-1-1', 'GD-1-7', 'GD-1-12', 'GD-1-13', 'GD-2-1', 'GD-3-3']));

    // The stored JSON hashes to the digest on the run; the PDF is a PDF.
    const json = await t.app.inject({ url: `/api/ingest/runs/${run.id}/report.json`, headers: arch.headers });
    expect(createHash('sha256').update(json.rawPayload).digest('hex')).toBe(run.reportSha256);
    expect(json.json()).toMatchObject({ runId: run.id, verdict: run.verdict, stage: 'GD' });
    const pdfRes = await t.app.inject({ url: `/api/ingest/runs/${run.id}/report.pdf`, headers: arch.headers });
    expect(pdfRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await io.decide(run.id, 'accept')).statusCode).toBe(200);
    const done = await io.waitRun(run.id, ['accepted', 'failed']);
    expect(done).toMatchObject({ status: 'accepted', createdRecords: 2 });
    expect(await countRecords()).toBe(2);
    const recs = await t.c.db.selectFrom('records').selectAll().where('category_id', '=', fonds.categoryId).orderBy('seq_no').execute();
    expect(recs.map((r) => [r.title, r.status, r.year, r.retention])).toEqual([['关于印发年度工作要点的通知', 'archived', 2021, 'Y'], ['关于召开安全生产会议的通知', 'archived', 2021, 'Y']]);
    const files = await t.c.db.selectFrom('record_files').selectAll().where('record_id', 'in', recs.map((r) => r.id)).execute();
    expect(files.map((f) => f.sha256).sort()).toEqual([pdf('a'), pdf('b')].map((b) => createHash('sha256').update(b).digest('hex')).sort());
    expect(files.every((f) => f.mime === 'application/pdf')).toBe(true);
    const link = (await t.app.inject({ url: `/api/records/${recs[0]!.id}/ingest-runs`, headers: arch.headers })).json();
    expect(link.items).toEqual([expect.objectContaining({ runId: run.id, reportSha256: run.reportSha256 })]);
    // The extracted package goes right after the commit.
    await expect.poll(() => existsSync(runWorkDir(t.c.config.dataDir, run.id)), { timeout: 10_000 }).toBe(false);

    // The same package again: the duplicate item fails (already accepted), and it cannot be accepted.
    const again = await io.run((await io.upload(zip, '移交载体.zip')).id, fonds.categoryId, { defaults: { orgCode: 'BGS' } });
    const second = await io.waitRun(again.id);
    expect(second.verdict).toBe('fail');
    const dup = await io.report(second.id, '?code=GD-1-8&outcome=fail');
    expect(dup.items.some((i: { evidence: { acceptedRun?: string } }) => i.evidence.acceptedRun === run.id)).toBe(true);
    const refused = await io.decide(second.id, 'accept');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ingest_verdict_fail');
    expect(await countRecords()).toBe(2);
  });
});

describe('rejection and refused packages change nothing but keep their report', () => {
  it('a zip-slip package fails, is rejected, and leaves no records and no work folder', { timeout: 60_000 }, async () => {
    const io = ingestClient(t, arch.headers);
    const before = await countRecords();
    const up = await io.upload(zipBuffer([{ name: '../escape.txt', data: 'x' }]), 'slip.zip');
    const run = await io.waitRun((await io.run(up.id, fonds.categoryId)).id);
    expect(run).toMatchObject({ status: 'checked', verdict: 'fail' });
    expect((await io.report(run.id, '?outcome=fail')).items.some((i: { evidence: { code?: string } }) => i.evidence.code === 'unsafe_path')).toBe(true);
    const rej = await io.decide(run.id, 'reject', '路径越界');
    expect(rej.json()).toMatchObject({ status: 'rejected', decisionReason: '路径越界' });
    expect(await countRecords()).toBe(before);
    expect(existsSync(runWorkDir(t.c.config.dataDir, run.id))).toBe(false);
    expect((await t.app.inject({ url: `/api/ingest/runs/${run.id}/report.json`, headers: arch.headers })).statusCode).toBe(200);
    expect((await io.decide(run.id, 'accept')).json().code).toBe('ingest_run_state');
  });

  it('a records officer may run checks but not accept; the list filters by verdict', async () => {
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [fonds.fondsCode] });
    const list = (await t.app.inject({ url: '/api/ingest/runs?verdict=fail', headers: officer.headers })).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((r: { verdict: string }) => r.verdict === 'fail')).toBe(true);
    expect((await t.app.inject({ method: 'POST', url: `/api/ingest/runs/${list.items[0].id}/accept`, headers: officer.headers, payload: {} })).statusCode).toBe(403);
    const other = await signedIn(t, ['records_officer'], { fondsScope: ['ZZZZ'] });
    expect((await t.app.inject({ url: '/api/ingest/runs', headers: other.headers })).json().total).toBe(0);
  });
});

describe('check configuration is versioned per stage', () => {
  it('switching an item off skips it in the next run; a stale version gets 409', { timeout: 60_000 }, async () => {
    const get = (await t.app.inject({ url: '/api/ingest/config/GD', headers: arch.headers })).json();
    expect(get.items[0]).toMatchObject({ checkId: 'fixity', code: 'GD-1-1', enabled: true });
    const put = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: get.version, items: { ...NO_VIRUS, 'totals-count': { enabled: false, settings: {} } } } });
    expect(put.json().version).toBe(get.version + 1);
    expect((await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: get.version, items: {} } })).json().code).toBe('stale_version');
    const io = ingestClient(t, arch.headers);
    const up = await io.upload(zipBuffer(transfer2012([{ title: '通知', date: '20210315', file: 'a.pdf', data: pdf('c') }], { declaredCount: 9 })), 'c.zip');
    const run = await io.waitRun((await io.run(up.id, fonds.categoryId, { defaults: { orgCode: 'BGS' } })).id);
    expect(run.configVersion).toBe(get.version + 1);
    expect((await io.report(run.id, '?code=GD-2-1')).items).toEqual([expect.objectContaining({ outcome: 'skipped' })]);
    await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: get.version + 1, items: NO_VIRUS } });
  });

  it('settings are checked against what each check declares: every bad one listed in both languages, nothing saved', async () => {
    const get = (await t.app.inject({ url: '/api/ingest/config/GD', headers: arch.headers })).json();
    const readability = get.items.find((i: { checkId: string }) => i.checkId === 'readability');
    expect(readability).toMatchObject({ choices: { imageDecode: ['all', 'sample'], pdfPage1: ['all', 'sample'] }, ranges: { sample: [0, 1] } });
    const bad = { version: get.version, items: { ...NO_VIRUS,
      readability: { enabled: true, settings: { imageDecode: 'half', sample: 2, pdfPage1AllUpTo: 5, timeoutMs: '60s' } },
      signature: { enabled: true, settings: { certificates: [1], requireSignature: 'yes' } },
      'virus-scan': { enabled: false, settings: { concurrency: 0 } } } };
    for (const lang of ['zh-CN', 'en']) {
      const r = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: { ...arch.headers, 'accept-language': lang }, payload: bad });
      expect(r.statusCode).toBe(400);
      const body = r.json();
      expect(body.code).toBe('ingest_config_invalid');
      expect(body.message).toMatch(lang === 'en' ? /not valid/ : /不合法/);
      expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'items.readability.settings.imageDecode', 'items.readability.settings.pdfPage1AllUpTo', 'items.readability.settings.sample',
        'items.readability.settings.timeoutMs', 'items.signature.settings.certificates', 'items.signature.settings.requireSignature',
        'items.virus-scan.settings.concurrency',
      ]);
    }
    expect((await t.app.inject({ url: '/api/ingest/config/GD', headers: arch.headers })).json().version).toBe(get.version); // nothing saved
    const good = { version: get.version, items: { ...NO_VIRUS, readability: { enabled: true, settings: { imageDecode: 'sample', pdfPage1: 'sample', sample: 0.1 } }, 'virus-scan': { enabled: false, settings: { concurrency: 4 } } } };
    const ok = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: good });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.find((i: { checkId: string }) => i.checkId === 'readability').settings).toMatchObject({ imageDecode: 'sample', sample: 0.1, timeoutMs: 60_000 });
    // A version stored before a setting was renamed (pdfPage1Sample → sample): the view leaves the old name out, so
    // saving what it shows is accepted.
    await t.c.db.insertInto('ingest_configs').values({ stage: 'GD', version: get.version + 2, created_by: 'older release',
      items: JSON.stringify({ ...NO_VIRUS, readability: { enabled: true, settings: { pdfPage1Sample: 0.2, pdfPage1: 'sample' } } }) }).execute();
    const old = (await t.app.inject({ url: '/api/ingest/config/GD', headers: arch.headers })).json();
    const shown = old.items.find((i: { checkId: string }) => i.checkId === 'readability').settings;
    expect(shown).toMatchObject({ pdfPage1: 'sample', sample: 0.05 });
    expect(shown).not.toHaveProperty('pdfPage1Sample');
    const again = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers,
      payload: { version: old.version, items: { ...NO_VIRUS, readability: { enabled: true, settings: shown } } } });
    expect(again.statusCode).toBe(200);
    await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: get.version + 3, items: NO_VIRUS } });
  });
});
