import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { TransferReceipt } from '@lantai/api';
import type { Conn, Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { RequestCtx } from '../auth/index.ts';
import { actorName } from '../fonds/fonds.policy.ts';
import { runWorkDir } from '../ingest/ingest.paths.ts';
import { formCount } from './transfer.accept.ts';
import { formData, renderForm } from './transfer.form.ts';
import { assertAgencyFonds, assertReadable, authorizeSide, readScope, type Side } from './transfer.policy.ts';
import { detail, findTransfer, livePackages, summarize, transferChecks } from './transfer.repository.ts';
import { confirmationText, hmacSm3, signTransferReceipt, transferKey, verifyTransferReceipt } from './transfer.sign.ts';
import { step } from './transfer.step.ts';

const jobActor = (ctx: RequestCtx) => ({
  actor: { id: ctx.actor.kind === 'anonymous' ? null : ctx.actor.userId, name: actorName(ctx.actor), roles: ctx.actor.kind === 'anonymous' ? [] : [...ctx.actor.roles] }, requestId: ctx.requestId, ip: ctx.ip,
});
const createdBy = (ctx: RequestCtx) => (ctx.actor.kind === 'anonymous' ? undefined : ctx.actor.userId);

/** The archive side: YJ-stage checks, accept or return, both sides' confirmations, the 登记表 and the signed receipt. */
export function createTransferDecisions({ db, jobs, storage, dataDir }: { db: Db; jobs: JobQueue; storage: ObjectStorage; dataDir: string }) {
  /**
   * checking → checked, in the transaction that ends a check run (the ingest run job's `onEnded` hook): the
   * transfer row is locked, so of two runs ending at once the later one sees both finished. A failed run
   * counts as finished (verdict fail, shown in the summary); the archive can then check again or return.
   * Idempotent: anything but a checking transfer whose current round has no queued/running run is left alone.
   */
  async function runEnded(tx: Conn, runId: string) {
    const link = await tx.selectFrom('transfer_runs').select(['transfer_id', 'round']).where('run_id', '=', runId).executeTakeFirst();
    if (!link) return;
    const t = await tx.selectFrom('transfers').select(['status', 'version', 'round', 'number']).where('id', '=', link.transfer_id).forUpdate().executeTakeFirst();
    if (t?.status !== 'checking' || t.round !== link.round) return;
    const runs = await tx.selectFrom('transfer_runs').innerJoin('ingest_runs', 'ingest_runs.id', 'transfer_runs.run_id').select(['ingest_runs.id', 'ingest_runs.status', 'ingest_runs.verdict'])
      .where('transfer_runs.transfer_id', '=', link.transfer_id).where('transfer_runs.round', '=', t.round).execute();
    if (runs.some((r) => r.status === 'queued' || r.status === 'running')) return;
    await tx.updateTable('transfers').set({ status: 'checked', version: t.version + 1, checked_at: new Date(), updated_at: new Date() }).where('id', '=', link.transfer_id).execute();
    await appendAudit(tx, { actorId: null, actorName: 'system', actorRoles: [], action: 'transfer.checked', outcome: 'success', targetType: 'transfer', targetId: link.transfer_id,
      detail: { number: t.number, from: 'checking', to: 'checked', version: t.version + 1, round: t.round, lastRun: runId, runs: runs.map((r) => ({ id: r.id, status: r.status, verdict: r.verdict })) } });
  }

  async function archiveTransfer(id: string, ctx: RequestCtx) {
    authorizeSide(ctx.actor, 'archive');
    return findTransfer(db, id);
  }

  /**
   * submitted → checking: one YJ-stage ingest run per package (the ingest module's run job does the work).
   * Also checked → checking (check again, e.g. after a run failed): the previous round's checked runs are
   * set aside as rejected (their reports stay) and their work folders removed.
   */
  async function check(id: string, version: number, ctx: RequestCtx) {
    await archiveTransfer(id, ctx);
    let superseded: string[] = [];
    await step(db, id, ctx, version, ['submitted', 'checked'], 'check', async (tx, cur) => {
      const round = cur.round + 1;
      if (cur.status === 'checked') {
        superseded = (await tx.updateTable('ingest_runs').set({ status: 'rejected', decided_by: actorName(ctx.actor), decided_at: new Date(), decision_reason: `重新检测（第 ${round} 轮） / checked again (round ${round})`, updated_at: new Date() })
          .where('id', 'in', tx.selectFrom('transfer_runs').select('run_id').where('transfer_id', '=', id).where('round', '=', cur.round)).where('status', '=', 'checked').returning('id').execute()).map((r) => r.id);
      }
      const runs: string[] = [];
      for (const p of await livePackages(tx, id)) {
        const runId = randomUUID();
        await tx.insertInto('ingest_runs').values({
          id: runId, upload_id: p.upload_id, fonds_id: cur.fonds_id, category_id: cur.category_id, stage: 'YJ', filename: p.filename, package_sha256: p.sha256,
          defaults: JSON.stringify(cur.defaults ?? {}), created_by: actorName(ctx.actor),
        }).execute();
        const jobId = await jobs.enqueue('ingest.run', { runId, ...jobActor(ctx) }, { tx, createdBy: createdBy(ctx) });
        await tx.updateTable('ingest_runs').set({ job_id: jobId }).where('id', '=', runId).execute();
        await tx.insertInto('transfer_runs').values({ transfer_id: id, round, package_id: p.id, run_id: runId }).execute();
        runs.push(runId);
      }
      return { set: { status: 'checking', round, failure: null }, detail: { round, runs, ...(superseded.length ? { superseded } : {}) } };
    });
    for (const r of superseded) await fs.rm(runWorkDir(dataDir, r), { recursive: true, force: true });
    return detail(db, id);
  }

  /** checked → accepting (a job writes everything in one transaction, then accepted). */
  async function accept(id: string, version: number, ctx: RequestCtx) {
    await archiveTransfer(id, ctx);
    await step(db, id, ctx, version, ['checked'], 'accept.request', async (tx, cur) => {
      const checks = await transferChecks(tx, id);
      const runs = checks.filter((c) => c.round === cur.round).map((c) => c.run);
      if (!runs.length || runs.some((r) => r.status !== 'checked' || r.verdict === 'fail')) throw conflict('transfer_verdict_fail');
      const sum = await summarize(tx, cur, checks);
      if (!sum.totalsMatch) throw conflict('transfer_totals_mismatch');
      const locked = await tx.updateTable('ingest_runs').set({ status: 'accepting', failure: null, updated_at: new Date() }).where('id', 'in', runs.map((r) => r.id)).where('status', '=', 'checked').returning('id').execute();
      if (locked.length !== runs.length) throw conflict('transfer_verdict_fail');
      const jobId = await jobs.enqueue('transfer.accept', { transferId: id, ...jobActor(ctx) }, { tx, createdBy: createdBy(ctx) });
      return { set: { status: 'accepting', accept_job_id: jobId, failure: null }, detail: { runs: runs.map((r) => r.id), received: sum.received, verdict: sum.verdict } };
    });
    return detail(db, id);
  }

  /** submitted/checked → returned with reasons: nothing is accepted, the runs are rejected, their reports stay. */
  async function giveBack(id: string, version: number, reason: string, ctx: RequestCtx) {
    await archiveTransfer(id, ctx);
    const before = await step(db, id, ctx, version, ['submitted', 'checked'], 'return', async (tx, cur) => {
      const rejected = await tx.updateTable('ingest_runs').set({ status: 'rejected', decided_by: actorName(ctx.actor), decided_at: new Date(), decision_reason: reason, updated_at: new Date() })
        .where('id', 'in', tx.selectFrom('transfer_runs').select('run_id').where('transfer_id', '=', id).where('round', '=', cur.round)).where('status', '=', 'checked').returning('id').execute();
      return { set: { status: 'returned', return_reason: reason, decided_by: actorName(ctx.actor), decided_at: new Date() }, detail: { reason, rejectedRuns: rejected.map((r) => r.id) } };
    });
    const runs = await db.selectFrom('transfer_runs').select('run_id').where('transfer_id', '=', id).where('round', '=', before.round).execute();
    for (const r of runs) await fs.rm(runWorkDir(dataDir, r.run_id), { recursive: true, force: true });
    return detail(db, id);
  }

  /** A side confirms the accepted transfer: its signature goes on a new 登记表 version; both → confirmed. */
  async function confirm(id: string, side: Side, version: number, ctx: RequestCtx) {
    authorizeSide(ctx.actor, side);
    const t = await findTransfer(db, id);
    if (side === 'agency') assertAgencyFonds(ctx.actor, t.fonds_code);
    if (t.status !== 'accepted') throw conflict(t.version !== version ? 'stale_version' : 'transfer_state');
    if ((side === 'agency' ? t.agency_confirmed_at : t.archive_confirmed_at)) throw conflict('transfer_already_confirmed');
    const by = actorName(ctx.actor), at = new Date();
    const { key } = await transferKey(db);
    const signature = hmacSm3(key, confirmationText(t.number, side, by, at.toISOString(), t.form_sm3 ?? ''));
    const data = await formData(db, id);
    const mine = { by, at: at.toISOString(), signature };
    const form = await storage.put(await renderForm(side === 'agency' ? { ...data, agency: mine } : { ...data, archive: mine }));
    try {
      await step(db, id, ctx, version, ['accepted'], `confirm.${side}`, async (tx, cur) => {
        if ((side === 'agency' ? cur.agency_confirmed_at : cur.archive_confirmed_at)) throw conflict('transfer_already_confirmed');
        const both = side === 'agency' ? !!cur.archive_confirmed_at : !!cur.agency_confirmed_at;
        await tx.insertInto('transfer_forms').values({ transfer_id: id, seq: 1 + (await formCount(tx, id)), stage: side, sha256: form.sha256, sm3: form.sm3, created_by: by }).execute();
        const set = side === 'agency' ? { agency_confirmed_by: by, agency_confirmed_at: at, agency_signature: signature } : { archive_confirmed_by: by, archive_confirmed_at: at, archive_signature: signature };
        return { set: { ...set, ...(both ? { status: 'confirmed' } : {}) }, detail: { side, signature, formSha256: form.sha256, formSm3: form.sm3 } };
      });
    } catch (e) {
      if (form.created && !(await db.selectFrom('transfer_forms').select('seq').where('sha256', '=', form.sha256).executeTakeFirst())) await storage.delete(form.sha256).catch(() => false);
      throw e;
    }
    return detail(db, id);
  }

  /** The latest 登记表 PDF, verified against its digest as it streams. */
  async function formFile(id: string, ctx: RequestCtx) {
    readScope(ctx.actor);
    const t = await findTransfer(db, id);
    assertReadable(ctx.actor, t.fonds_code);
    if (!t.form_sha256) throw notFound();
    return { stream: await storage.get(t.form_sha256, { verify: true }), filename: `transfer-form-${t.number}.pdf`, sha256: t.form_sha256 };
  }

  async function receipt(id: string, ctx: RequestCtx): Promise<TransferReceipt> {
    readScope(ctx.actor);
    const t = await findTransfer(db, id);
    assertReadable(ctx.actor, t.fonds_code);
    if (t.status !== 'accepted' && t.status !== 'confirmed') throw conflict('transfer_state');
    const d = await formData(db, id);
    const { key, keyId } = await transferKey(db);
    return signTransferReceipt({
      kind: 'lantai.transfer-receipt/1', transferId: t.id, number: t.number, idempotencyKey: t.idempotency_key, status: t.status, transferringUnit: t.transferring_unit, receivingUnit: t.receiving_unit,
      fonds: t.fonds_code, category: t.category_code, years: `${t.year_from}-${t.year_to}`, records: d.summary.received.records, files: d.summary.received.files, bytes: d.summary.received.bytes,
      packages: d.packages, form: t.form_sha256 && t.form_sm3 ? { sha256: t.form_sha256, sm3: t.form_sm3 } : null, acceptedBy: t.decided_by, acceptedAt: t.decided_at?.toISOString() ?? null,
      agencyConfirmedAt: t.agency_confirmed_at?.toISOString() ?? null, archiveConfirmedAt: t.archive_confirmed_at?.toISOString() ?? null, issuedAt: new Date().toISOString(),
    }, key, keyId);
  }

  async function verify(r: TransferReceipt, ctx: RequestCtx) {
    readScope(ctx.actor);
    return verifyTransferReceipt(r, (await transferKey(db)).key);
  }

  return { runEnded, check, accept, giveBack, confirm, formFile, receipt, verify };
}
export type TransferDecisions = ReturnType<typeof createTransferDecisions>;
