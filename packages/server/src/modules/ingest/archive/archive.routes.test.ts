import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../../test/app.ts';
import { buildFonds } from '../../../../test/catalogue-factory.ts';
import { runWorkDir } from '../ingest.paths.ts';
import { onePagePdf } from '../test/zip.writer.ts';
import { verifyReceipt } from './receipt.ts';

let t: TestApp;
let dataDir: string;
let arch: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
let other: Awaited<ReturnType<typeof buildFonds>>;
let token: string;
let pdf: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function makeToken(scopes: string[], fondsScope: string[]) {
  const r = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: arch.headers, payload: { name: `archive-${randomUUID().slice(0, 6)}`, scopes, fondsScope } });
  expect(r.statusCode).toBe(200);
  return r.json().secret as string;
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-archive-'));
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataDir } });
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  other = await buildFonds(t.app, arch.headers);
  // No clamd here (the virus items have their own tests): switched off, as the configuration allows.
  const cfg = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  expect(cfg.statusCode).toBe(200);
  token = await makeToken(['archive:write'], [fonds.fondsCode]);
  pdf = await onePagePdf('关于印发年度工作要点的通知');
}, 60_000);
afterAll(async () => { await t.close(); await fs.rm(dataDir, { recursive: true, force: true }); });

let n = 0;
const record = (over: Record<string, unknown> = {}) => ({
  题名: '关于印发年度工作要点的通知', 责任者: '办公室', 文号: `晋办发〔2021〕${++n}号`, 日期: '2021-03-15', 年度: 2021, 保管期限: '永久', 机构或问题: 'BGS', 密级: '公开', 页数: 1, ...over,
});
const meta = (rec: Record<string, unknown>, files: { name: string; bytes: Buffer; sha256?: string }[], f = fonds) =>
  ({ fonds: f.fondsCode, category: 'WS', record: rec, files: files.map((x) => ({ name: x.name, size: x.bytes.length, sha256: x.sha256 ?? sha(x.bytes) })) });

/** A multipart body: the metadata field (unless omitted), then the file parts. */
function form(metadata: unknown, files: { name: string; bytes: Buffer }[], opts: { metadataLast?: boolean } = {}) {
  const b = 'b' + randomBytes(8).toString('hex');
  const field = metadata === undefined ? [] : [Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="metadata"\r\n\r\n${typeof metadata === 'string' ? metadata : JSON.stringify(metadata)}\r\n`)];
  const parts = files.map((f) => Buffer.concat([Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="${f.name}"\r\ncontent-type: application/pdf\r\n\r\n`), f.bytes, Buffer.from('\r\n')]));
  const all = opts.metadataLast ? [...parts, ...field] : [...field, ...parts];
  return { payload: Buffer.concat([...all, Buffer.from(`--${b}--\r\n`)]), type: `multipart/form-data; boundary=${b}` };
}
function submit(body: ReturnType<typeof form>, key: string | undefined, auth: Record<string, string> = { authorization: `Bearer ${token}` }) {
  return t.app.inject({ method: 'POST', url: '/api/archive', payload: body.payload, headers: { ...auth, 'content-type': body.type, ...(key ? { 'idempotency-key': key } : {}) } });
}
const records = async () => Number((await t.c.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const leftovers = async () => (await fs.readdir(path.join(dataDir, 'ingest', 'archive')).catch(() => [])).length;
const key = () => `biz-${randomUUID()}`;

describe('POST /api/archive (单套制 归档)', () => {
  it('accepts a record with its file in one go and answers with a signed receipt that verifies', { timeout: 60_000 }, async () => {
    const files = [{ name: '工作要点.pdf', bytes: pdf }];
    const k = key();
    const r = await submit(form(meta(record(), files), files), k);
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({ status: 'accepted', replayed: false, code: null });
    const body = out.receipt.body;
    expect(body).toMatchObject({ idempotencyKey: k, fonds: fonds.fondsCode, category: 'WS', verdict: expect.stringMatching(/pass|warning/), files: [{ name: '工作要点.pdf', size: pdf.length, sha256: sha(pdf) }] });
    expect(body.archivalCode).toMatch(new RegExp(`^${fonds.fondsCode}-WS·2021-Y-BGS-\\d{4}$`));
    const keyRow = await t.c.db.selectFrom('archive_settings').selectAll().executeTakeFirstOrThrow();
    expect(verifyReceipt(out.receipt, keyRow.receipt_key)).toEqual({ digestOk: true, signatureOk: true });
    // The record is archived with its file, linked to the run whose report is the evidence.
    const rec = await t.c.db.selectFrom('records').selectAll().where('id', '=', body.recordId).executeTakeFirstOrThrow();
    expect([rec.status, rec.title, rec.doc_date, rec.retention, rec.archival_code]).toEqual(['archived', '关于印发年度工作要点的通知', '20210315', 'Y', body.archivalCode]);
    const rf = await t.c.db.selectFrom('record_files').selectAll().where('record_id', '=', rec.id).execute();
    expect(rf.map((f) => [f.filename, f.sha256, f.mime])).toEqual([['工作要点.pdf', sha(pdf), 'application/pdf']]);
    expect((await t.c.storage.head(sha(pdf)))?.size).toBe(pdf.length);
    const rep = await t.app.inject({ url: out.links.reportJson, headers: { authorization: `Bearer ${token}` } });
    expect(sha(rep.rawPayload)).toBe(body.report.sha256);
    expect(rep.json()).toMatchObject({ stage: 'GD', package: { layout: 'api', records: 1 } });
    expect(rep.json().items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['GD-1-1', 'GD-2-4', 'GD-3-3']));
    // Server-side verification, and the listing an archivist sees.
    const v = await t.app.inject({ method: 'POST', url: '/api/archive/receipts/verify', headers: { authorization: `Bearer ${token}` }, payload: out.receipt });
    expect(v.json()).toEqual({ digestOk: true, signatureOk: true, knownSubmission: true });
    const forged = await t.app.inject({ method: 'POST', url: '/api/archive/receipts/verify', headers: arch.headers, payload: { ...out.receipt, body: { ...body, archivalCode: 'X' } } });
    expect(forged.json()).toMatchObject({ digestOk: false, signatureOk: false });
    const list = (await t.app.inject({ url: `/api/archive/submissions?idempotencyKey=${k}`, headers: arch.headers })).json();
    expect(list.items).toEqual([expect.objectContaining({ status: 'accepted', via: 'token', recordId: rec.id, archivalCode: body.archivalCode })]);
    // Nothing of the request stays on disk.
    expect(await leftovers()).toBe(0);
    await expect(fs.stat(runWorkDir(dataDir, body.report.runId))).rejects.toThrow();
  });

  it('the same key with the same content replays the stored receipt; with other content it is 409', { timeout: 60_000 }, async () => {
    const files = [{ name: 'a.pdf', bytes: pdf }];
    const k = key();
    const m = meta(record(), files);
    const first = await submit(form(m, files), k);
    expect(first.statusCode, first.body).toBe(200);
    const before = await records();
    const again = await submit(form(m, files), k);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, submissionId: first.json().submissionId });
    expect(again.json().receipt).toEqual(first.json().receipt);
    const changed = await submit(form({ ...m, record: { ...m.record, 题名: '另一份文件' } }, files), k);
    expect(changed.statusCode).toBe(409);
    expect(changed.json().code).toBe('archive_idempotency_conflict');
    expect(await records()).toBe(before);
    expect(await leftovers()).toBe(0);
  });

  it('a record failing its checks is rejected: 422 with a receipt, no record, the report kept', { timeout: 60_000 }, async () => {
    const files = [{ name: 'x.pdf', bytes: pdf }];
    const before = await records();
    const r = await submit(form(meta(record({ 题名: '' }), files), files), key());
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ status: 'rejected', code: 'archive_checks_failed', receipt: { body: { status: 'rejected', verdict: 'fail', recordId: null, archivalCode: null } } });
    expect(await records()).toBe(before);
    const run = await t.c.db.selectFrom('ingest_runs').selectAll().where('id', '=', r.json().receipt.body.report.runId).executeTakeFirstOrThrow();
    expect([run.status, run.layout]).toEqual(['rejected', 'api']);
    const pdfRep = await t.app.inject({ url: r.json().links.reportPdf, headers: { authorization: `Bearer ${token}` } });
    expect(pdfRep.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await leftovers()).toBe(0);
  });

  it('a file that does not match its declared digest is rejected with archive_digest_mismatch (GD-1-1 in the report); nothing is stored', { timeout: 60_000 }, async () => {
    const bytes = await onePagePdf(`digest ${randomUUID()}`);
    const files = [{ name: 'd.pdf', bytes }];
    const before = await records();
    const r = await submit(form(meta(record(), [{ ...files[0]!, sha256: sha(Buffer.from('something else')) }]), files), key());
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe('archive_digest_mismatch');
    const items = await t.c.db.selectFrom('ingest_run_items').selectAll().where('run_id', '=', r.json().receipt.body.report.runId).where('code', '=', 'GD-1-1').where('outcome', '=', 'fail').execute();
    expect(items.length).toBeGreaterThan(0);
    expect(await records()).toBe(before);
    expect(await t.c.storage.head(sha(bytes))).toBeNull();
  });

  it('a record that passes the checks but does not fit the scheme (a 机构 code the scheme does not know) is rejected as archive_record_invalid', { timeout: 60_000 }, async () => {
    const files = [{ name: 'o.pdf', bytes: pdf }];
    const before = await records();
    const r = await submit(form(meta(record({ 机构或问题: 'ZZZ' }), files), files), key());
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ status: 'rejected', code: 'archive_record_invalid' });
    expect(r.json().issues).toEqual([expect.objectContaining({ message: expect.stringContaining('ZZZ') })]);
    expect(r.json().receipt.body).toMatchObject({ status: 'rejected', recordId: null });
    expect(await records()).toBe(before);
    const run = await t.c.db.selectFrom('ingest_runs').select(['status', 'report_sha256']).where('id', '=', r.json().receipt.body.report.runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('rejected');
    expect(run.report_sha256).toBe(r.json().receipt.body.report.sha256);
  });
});

describe('who may archive where', () => {
  const files = [{ name: 's.pdf', bytes: Buffer.from('%PDF-1.4 scope') }];
  it('refuses a token without archive:write, a fonds outside the token\'s scope, and a reader', async () => {
    const before = await records();
    const readOnly = await makeToken(['catalogue:read'], [fonds.fondsCode]);
    const a = await submit(form(meta(record(), files), files), key(), { authorization: `Bearer ${readOnly}` });
    expect([a.statusCode, a.json().code]).toEqual([403, 'token_scope']);
    const b = await submit(form(meta(record(), files, other), files), key());
    expect([b.statusCode, b.json().code]).toEqual([403, 'archive_fonds_scope']);
    const reader = await signedIn(t, ['reader']);
    const c = await submit(form(meta(record(), files), files), key(), reader.headers);
    expect([c.statusCode, c.json().code]).toEqual([403, 'forbidden']);
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [other.fondsCode] });
    const d = await submit(form(meta(record(), files), files), key(), officer.headers);
    expect([d.statusCode, d.json().code]).toEqual([403, 'archive_fonds_scope']);
    expect(await records()).toBe(before);
    expect(await leftovers()).toBe(0);
  });
});

describe('bad input: a stable code, no record, no file left behind', () => {
  const f1 = { name: 'b.pdf', bytes: Buffer.from('%PDF-1.4 bad input') };
  const cases: [string, () => ReturnType<typeof form>, string | undefined, number, string][] = [
    ['no Idempotency-Key', () => form(meta(record(), [f1]), [f1]), undefined, 400, 'archive_idempotency_key'],
    ['files before the metadata', () => form(meta(record(), [f1]), [f1], { metadataLast: true }), 'k', 400, 'archive_metadata_missing'],
    ['no metadata at all', () => form(undefined, [f1]), 'k', 400, 'archive_metadata_missing'],
    ['metadata that is not JSON', () => form('{"fonds": ', [f1]), 'k', 400, 'archive_metadata_json'],
    ['metadata without files', () => form({ ...meta(record(), [f1]), files: [] }, [f1]), 'k', 400, 'archive_metadata_invalid'],
    ['oversized metadata', () => form({ ...meta(record(), [f1]), pad: 'x'.repeat(300 * 1024) }, [f1]), 'k', 413, 'archive_metadata_too_large'],
    ['an undeclared file', () => form(meta(record(), [f1]), [f1, { name: 'extra.pdf', bytes: Buffer.from('x') }]), 'k', 400, 'archive_file_undeclared'],
    ['a declared file not sent', () => form(meta(record(), [f1, { name: 'gone.pdf', bytes: Buffer.from('y') }]), [f1]), 'k', 400, 'archive_file_missing'],
    ['too many files', () => { const many = Array.from({ length: 21 }, (_, i) => ({ name: `${i}.pdf`, bytes: Buffer.from(`${i}`) })); return form(meta(record(), many.slice(0, 20)), many); }, 'k', 413, 'archive_too_many_files'],
    ['an unknown category', () => form({ ...meta(record(), [f1]), category: 'ZZ' }, [f1]), 'k', 400, 'archive_category_unknown'],
  ];
  for (const [name, body, k, status, code] of cases) {
    it(name, async () => {
      const before = await records();
      const r = await submit(body(), k && `${k}-${randomUUID()}`);
      expect([r.statusCode, r.json().code], r.body).toEqual([status, code]);
      expect(await records()).toBe(before);
      expect(await leftovers()).toBe(0);
    });
  }

  it('a client that disconnects mid-upload leaves no temp folder and no submission', { timeout: 30_000 }, async () => {
    const url = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' }));
    const big = randomBytes(4 * 1024 * 1024);
    const k = key();
    const { payload, type } = form(meta(record(), [{ name: 'big.pdf', bytes: big }]), [{ name: 'big.pdf', bytes: big }]);
    await new Promise<void>((resolve) => {
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/archive', headers: { authorization: `Bearer ${token}`, 'content-type': type, 'content-length': payload.length, 'idempotency-key': k } });
      req.on('error', () => resolve());
      req.write(payload.subarray(0, 1024 * 1024));
      const wait = setInterval(async () => {
        if ((await leftovers()) > 0) { clearInterval(wait); req.destroy(); resolve(); }
      }, 10);
    });
    await expect.poll(leftovers, { timeout: 10_000 }).toBe(0);
    expect(await t.c.db.selectFrom('archive_submissions').select('id').where('idempotency_key', '=', k).execute()).toEqual([]);
  });
});
