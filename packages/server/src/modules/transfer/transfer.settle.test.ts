import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { uploadPath } from '../ingest/ingest.paths.ts';
import { carrier, contentBytes, GOOD_A, GOOD_B, transferClient } from './test/transfer.kit.ts';

// No worker: the test runs the real job handlers itself (as wired in the container), one at a time, so it
// decides when each run ends, and nothing reads the transfer through the API until it says so.
let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let officer: Awaited<ReturnType<typeof signedIn>>;
let fonds: Awaited<ReturnType<typeof buildFonds>>;
beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist']);
  fonds = await buildFonds(t.app, arch.headers);
  officer = await signedIn(t, ['records_officer'], { fondsScope: [fonds.fondsCode] });
  const cfg = await t.app.inject({ method: 'PUT', url: '/api/ingest/config/YJ', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  expect(cfg.statusCode, cfg.body).toBe(200);
}, 60_000);
afterAll(async () => { await t.close(); });

const handler = (name: string) => t.c.jobDefinitions.find((d) => d.name === name)!.handler;
const actor = () => ({ actor: { id: null, name: arch.username, roles: ['archivist'] }, requestId: null, ip: null });
const runJob = (runId: string) => handler('ingest.run')({ id: 'test', payload: { runId, ...actor() } as never, progress: async () => {} });
const row = (id: string) => t.c.db.selectFrom('transfers').select(['status', 'version', 'round']).where('id', '=', id).executeTakeFirstOrThrow();
const audit = (id: string) => t.c.db.selectFrom('audit_log').select(['action', 'actor_name', 'detail']).where('target_type', '=', 'transfer').where('target_id', '=', id).orderBy('seq').execute();

/** A submitted transfer of the given carriers, then the archive starts the checks; returns it (checking) with its run ids. */
async function checking(carriers: { files: string[]; name: string }[]) {
  const agency = transferClient(t, officer.headers);
  let tr = (await agency.create(fonds.categoryId, { declaredRecords: carriers.reduce((s, c) => s + c.files.length, 0), declaredFiles: carriers.reduce((s, c) => s + c.files.length, 0),
    declaredBytes: carriers.reduce((s, c) => s + contentBytes(c.files), 0) })).json();
  for (const c of carriers) tr = (await agency.attach(tr.id, tr.version, (await agency.upload(carrier(c.files), c.name)).id)).json();
  tr = (await agency.act(tr.id, 'submit', { version: tr.version })).json();
  tr = (await transferClient(t, arch.headers).act(tr.id, 'check', { version: tr.version })).json();
  expect(tr.status).toBe('checking');
  return tr as { id: string; version: number; packages: { uploadId: string }[]; checks: { run: { id: string } }[] };
}

describe('checking → checked when the last check run ends, not when somebody reads', () => {
  it('moves on in the transaction that ends the last run; reading a checking transfer writes nothing', { timeout: 300_000 }, async () => {
    const tr = await checking([{ files: [GOOD_A], name: '甲.zip' }, { files: [GOOD_B], name: '乙.zip' }]);
    const [first, second] = tr.checks.map((c) => c.run.id);
    const before = await row(tr.id);

    // Reads (detail and list) of a checking transfer change nothing: same version, no audit row.
    const auditBefore = (await audit(tr.id)).length;
    expect((await transferClient(t, arch.headers).get(tr.id)).json()).toMatchObject({ status: 'checking', version: before.version });
    expect((await t.app.inject({ url: '/api/transfers?status=checking', headers: arch.headers })).json().items.map((i: { id: string }) => i.id)).toContain(tr.id);
    expect(await row(tr.id)).toEqual(before);
    expect((await audit(tr.id)).length).toBe(auditBefore);

    // One run of two ended: still checking.
    await runJob(first!);
    expect(await row(tr.id)).toEqual(before);
    // The last run ends: checked, one version on, audited as the system with every run of the round — no GET in between.
    await runJob(second!);
    expect(await row(tr.id)).toEqual({ status: 'checked', version: before.version + 1, round: 1 });
    const checked = (await audit(tr.id)).filter((a) => a.action === 'transfer.checked');
    expect(checked).toEqual([expect.objectContaining({ actor_name: 'system' })]);
    expect(checked[0]!.detail).toMatchObject({ from: 'checking', to: 'checked', round: 1, lastRun: second, runs: expect.arrayContaining([expect.objectContaining({ id: first, status: 'checked' })]) });
    // Running a handler again (a redelivered job) changes nothing.
    await runJob(second!);
    expect(await row(tr.id)).toEqual({ status: 'checked', version: before.version + 1, round: 1 });
    expect((await transferClient(t, arch.headers).get(tr.id)).json().summary).toMatchObject({ totalsMatch: true, received: { records: 2, files: 2 } });
  });

  it('a run that fails leaves the transfer checked with verdict fail; the archive checks again and then accepts', { timeout: 300_000 }, async () => {
    const archive = transferClient(t, arch.headers);
    const tr = await checking([{ files: [GOOD_A, GOOD_B], name: '载体.zip' }]);
    const runId = tr.checks[0]!.run.id;
    // The machinery fails: the uploaded package is gone from the disk when the run starts.
    const file = uploadPath(t.c.config.dataDir, tr.packages[0]!.uploadId);
    await fs.rename(file, `${file}.away`);
    await expect(runJob(runId)).rejects.toThrow();
    await fs.rename(`${file}.away`, file);

    let now = (await archive.get(tr.id)).json();
    expect(now).toMatchObject({ status: 'checked', summary: { verdict: 'fail' } });
    expect(now.checks[0].run).toMatchObject({ id: runId, status: 'failed', failure: expect.any(String) });
    expect((await archive.act(tr.id, 'accept', { version: now.version })).json().code).toBe('transfer_verdict_fail');

    // Retry: check again (round 2); the new run ends well and the transfer is accepted.
    now = (await archive.act(tr.id, 'check', { version: now.version })).json();
    expect(now).toMatchObject({ status: 'checking', round: 2 });
    const again = now.checks.find((c: { round: number }) => c.round === 2).run.id as string;
    await runJob(again);
    now = (await archive.get(tr.id)).json();
    expect(now, JSON.stringify(now.checks)).toMatchObject({ status: 'checked', round: 2, summary: { totalsMatch: true } });
    expect(now.summary.verdict).not.toBe('fail');
    expect(now.checks.map((c: { round: number; run: { status: string } }) => [c.round, c.run.status])).toEqual([[2, 'checked'], [1, 'failed']]);
    now = (await archive.act(tr.id, 'accept', { version: now.version })).json();
    expect(now.status).toBe('accepting');
    await handler('transfer.accept')({ id: 'test', payload: { transferId: tr.id, ...actor() } as never, progress: async () => {} });
    expect((await archive.get(tr.id)).json()).toMatchObject({ status: 'accepted', createdRecords: 2 });
  });

  it('checking again from checked sets the earlier round\'s runs aside (rejected, reports kept)', { timeout: 300_000 }, async () => {
    const archive = transferClient(t, arch.headers);
    const tr = await checking([{ files: [GOOD_A], name: '单.zip' }]);
    await runJob(tr.checks[0]!.run.id);
    let now = (await archive.get(tr.id)).json();
    expect(now.status).toBe('checked');
    // Only the archive checks, and only from submitted or checked.
    expect((await transferClient(t, officer.headers).act(tr.id, 'check', { version: now.version })).statusCode).toBe(403);
    now = (await archive.act(tr.id, 'check', { version: now.version })).json();
    expect(now.checks.map((c: { round: number; run: { status: string; decisionReason: string | null } }) => [c.round, c.run.status])).toEqual([[2, 'queued'], [1, 'rejected']]);
    expect(now.checks[1].run.reportSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await archive.act(tr.id, 'check', { version: now.version })).json().code).toBe('transfer_state');
  });
});
