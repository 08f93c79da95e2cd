import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { runWorkDir } from '../ingest/ingest.paths.ts';
import { carrier, contentBytes, GOOD_A, GOOD_B, NOT_A_PDF, transferClient, untilStatus } from './test/transfer.kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let officer: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
const NO_VIRUS = { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } };
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  officer = await signedIn(t, ['records_officer'], { fondsScope: [fonds.fondsCode] });
  // No clamd here (the virus items have their own tests): the archive switches them off for YJ, as the configuration allows.
  const cfg = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/YJ', headers: arch.headers, payload: { version: 0, items: NO_VIRUS } });
  expect(cfg.statusCode, cfg.body).toBe(200);
}, 60_000);
afterAll(async () => { await t.close(); });

const pdfText = (bytes: Buffer) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'transfer-form-'));
  writeFileSync(path.join(dir, 'f.pdf'), bytes);
  return execFileSync('pdftotext', ['-layout', path.join(dir, 'f.pdf'), '-'], { encoding: 'utf8' });
};
const records = async () => t.c.db.selectFrom('records').selectAll().where('category_id', '=', fonds.categoryId).execute();

describe('移交接收: agency → YJ checks → return → fixed package → accept → both confirm', () => {
  it('runs the whole flow, every step audited, and the 登记表 states counts and digests', { timeout: 300_000 }, async () => {
    const agency = transferClient(t, officer.headers);
    const archive = transferClient(t, arch.headers);

    // The agency drafts the 移交单 (idempotent by its key) and attaches a carrier holding a file that is not a PDF.
    const badFiles = [GOOD_A, NOT_A_PDF];
    const key = 'transfer-flow-0001';
    const made = await agency.create(fonds.categoryId, { idempotencyKey: key, declaredBytes: contentBytes(badFiles) });
    expect(made.statusCode, made.body).toBe(200);
    let tr = made.json();
    expect(tr).toMatchObject({ status: 'draft', version: 1, fondsCode: fonds.fondsCode, number: expect.stringMatching(/^YJ-\d{4}-\d{4}$/) });
    const again = await agency.create(fonds.categoryId, { idempotencyKey: key, declaredBytes: contentBytes(badFiles) });
    expect(again.json().id).toBe(tr.id);
    expect((await agency.create(fonds.categoryId, { idempotencyKey: key, declaredBytes: 1 })).json().code).toBe('transfer_idempotency_conflict');

    const badZip = carrier(badFiles);
    const up1 = await agency.upload(badZip, '移交载体-1.zip');
    tr = (await agency.attach(tr.id, tr.version, up1.id)).json();
    expect(tr.packages).toEqual([expect.objectContaining({ uploadId: up1.id, sha256: createHash('sha256').update(badZip).digest('hex'), sm3: createHash('sm3').update(badZip).digest('hex') })]);
    tr = (await agency.act(tr.id, 'submit', { version: tr.version })).json();
    expect(tr.status).toBe('submitted');

    // The archive runs the YJ checks: one ingest run per package, at stage YJ.
    tr = (await archive.act(tr.id, 'check', { version: tr.version })).json();
    expect(tr).toMatchObject({ status: 'checking', round: 1 });
    expect(tr.checks).toEqual([expect.objectContaining({ round: 1, run: expect.objectContaining({ stage: 'YJ' }) })]);
    // Nobody reads the transfer while its run works: the end of the last run moves it on.
    await untilStatus(t, tr.id, ['checked']);
    tr = (await archive.get(tr.id)).json();
    expect(tr.summary.verdict).toBe('fail');
    const refused = await archive.act(tr.id, 'accept', { version: tr.version });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('transfer_verdict_fail');
    const run1 = tr.checks[0].run;
    const fails = (await t.app.inject({ url: `/api/ingest/runs/${run1.id}/report?outcome=fail`, headers: arch.headers })).json();
    expect(fails.items.length).toBeGreaterThan(0);
    expect(fails.items.every((i: { code: string }) => i.code.startsWith('YJ-'))).toBe(true);

    // Returned with reasons: nothing accepted, the run rejected, its report kept, its work folder gone.
    const ret = await archive.act(tr.id, 'return', { version: tr.version, reason: 'bad1.pdf 不是 PDF 文件，请更换后重新移交' });
    expect(ret.statusCode, ret.body).toBe(200);
    tr = ret.json();
    expect(tr).toMatchObject({ status: 'returned', returnReason: 'bad1.pdf 不是 PDF 文件，请更换后重新移交' });
    expect(tr.checks[0].run).toMatchObject({ status: 'rejected' });
    expect(await records()).toHaveLength(0);
    expect((await t.app.inject({ url: `/api/ingest/runs/${run1.id}/report.json`, headers: officer.headers })).statusCode).toBe(200);
    expect(existsSync(runWorkDir(t.c.config.dataDir, run1.id))).toBe(false);

    // The agency swaps in a fixed carrier, corrects the declared size and submits again.
    const goodFiles = [GOOD_A, GOOD_B];
    const goodZip = carrier(goodFiles);
    tr = (await agency.detach(tr.id, tr.version, tr.packages[0].id)).json();
    const up2 = await agency.upload(goodZip, '移交载体-2.zip');
    tr = (await agency.attach(tr.id, tr.version, up2.id)).json();
    tr = (await agency.patch(tr.id, { version: tr.version, declaredBytes: contentBytes(goodFiles) })).json();
    expect(tr.packages.map((p: { uploadId: string }) => p.uploadId)).toEqual([up2.id]);
    tr = (await agency.act(tr.id, 'submit', { version: tr.version })).json();
    tr = (await archive.act(tr.id, 'check', { version: tr.version })).json();
    await untilStatus(t, tr.id, ['checked']);
    tr = (await archive.get(tr.id)).json();
    expect(tr.round).toBe(2);
    expect(tr.summary, JSON.stringify(tr.checks[0])).toMatchObject({ totalsMatch: true, received: { records: 2, files: 2, bytes: contentBytes(goodFiles) } });
    expect(['pass', 'warning']).toContain(tr.summary.verdict);
    expect(tr.checks.map((c: { round: number }) => c.round)).toEqual([2, 1]);

    // The runs of a transfer are decided only with it, not one by one on the ingest page.
    const single = await t.app.inject({ method: 'POST', url: `/api/ingest/runs/${tr.checks[0].run.id}/accept`, headers: arch.headers, payload: {} });
    expect(single.json().code).toBe('ingest_run_in_transfer');
    // Confirming before the accept is refused; a stale version is refused.
    expect((await agency.act(tr.id, 'confirm-agency', { version: tr.version })).json().code).toBe('transfer_state');
    expect((await archive.act(tr.id, 'accept', { version: tr.version - 1 })).json().code).toBe('stale_version');
    const acc = await archive.act(tr.id, 'accept', { version: tr.version });
    expect(acc.statusCode, acc.body).toBe(200);
    tr = await archive.waitFor(tr.id, ['accepted', 'checked']);
    expect(tr, tr.failure).toMatchObject({ status: 'accepted', createdRecords: 2, decidedBy: arch.username });
    const recs = await records();
    expect(recs.map((r) => r.status)).toEqual(['archived', 'archived']);
    const links = await t.c.db.selectFrom('ingest_run_records').select('run_id').where('record_id', 'in', recs.map((r) => r.id)).execute();
    expect(new Set(links.map((l) => l.run_id))).toEqual(new Set([tr.checks[0].run.id]));
    expect(tr.checks[0].run.status).toBe('accepted');

    // Both sides confirm (agency first); each confirmation issues a new 登记表, the old ones stay.
    const firstForm = tr.formSha256;
    expect(firstForm).toMatch(/^[0-9a-f]{64}$/);
    expect((await archive.act(tr.id, 'confirm-agency', { version: tr.version })).statusCode).toBe(403);
    tr = (await agency.act(tr.id, 'confirm-agency', { version: tr.version })).json();
    expect(tr).toMatchObject({ status: 'accepted', agencyConfirmedBy: officer.username });
    expect((await agency.act(tr.id, 'confirm-agency', { version: tr.version })).json().code).toBe('transfer_already_confirmed');
    tr = (await archive.act(tr.id, 'confirm-archive', { version: tr.version })).json();
    expect(tr).toMatchObject({ status: 'confirmed', archiveConfirmedBy: arch.username });
    expect(tr.formSha256).not.toBe(firstForm);
    expect(await t.c.db.selectFrom('transfer_forms').select('stage').where('transfer_id', '=', tr.id).orderBy('seq').execute()).toEqual([{ stage: 'accepted' }, { stage: 'agency' }, { stage: 'archive' }]);

    // The 登记表: stored immutably (its digest is the object's), and its text shows counts, sizes, digests and both confirmations.
    const pdf = await t.app.inject({ url: `/api/transfers/${tr.id}/form.pdf`, headers: officer.headers });
    expect(pdf.statusCode).toBe(200);
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(tr.formSha256);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('电子档案移交与接收登记表');
    expect(text).toContain(tr.number);
    expect(text).toMatch(/件数（登记 \/ 实收）：2 \/ 2/);
    expect(text).toMatch(/文件数（登记 \/ 实收）：2 \/ 2/);
    expect(text).toContain(String(contentBytes(goodFiles)));
    expect(text).toContain(createHash('sha256').update(goodZip).digest('hex'));
    expect(text).toContain(createHash('sm3').update(goodZip).digest('hex'));
    expect(text).toContain('测试局办公室');
    expect(text).toContain(officer.username);
    expect(text).toContain(arch.username);

    // The signed receipt verifies; a changed byte does not.
    const receipt = (await t.app.inject({ url: `/api/transfers/${tr.id}/receipt`, headers: officer.headers })).json();
    expect(receipt.body).toMatchObject({ number: tr.number, idempotencyKey: key, records: 2, files: 2, form: { sha256: tr.formSha256 } });
    const ok = await t.app.inject({ method: 'POST', url: '/api/transfers/receipts/verify', headers: officer.headers, payload: receipt });
    expect(ok.json()).toEqual({ digestOk: true, signatureOk: true });
    const forged = { ...receipt, body: { ...receipt.body, records: 3 } };
    expect((await t.app.inject({ method: 'POST', url: '/api/transfers/receipts/verify', headers: officer.headers, payload: forged })).json()).toEqual({ digestOk: false, signatureOk: false });

    // Every transition is in the audit log, in order.
    const audit = await t.c.db.selectFrom('audit_log').select('action').where('target_type', '=', 'transfer').where('target_id', '=', tr.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'transfer.create', 'transfer.attach', 'transfer.submit', 'transfer.check', 'transfer.checked', 'transfer.return',
      'transfer.detach', 'transfer.attach', 'transfer.update', 'transfer.submit', 'transfer.check', 'transfer.checked', 'transfer.accept.request', 'transfer.accept',
      'transfer.confirm.agency', 'transfer.confirm.archive',
    ]);
  });
});
