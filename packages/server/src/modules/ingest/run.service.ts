import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { IngestConfigPut, IngestReportQuery, IngestRun, IngestRunCreate, IngestRunsQuery, IngestStage } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { IngestRunsTable } from '../../platform/db/schema.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName, assertFondsVisible, catalogueScope } from '../fonds/fonds.policy.ts';
import { findCategory } from '../scheme/scheme.repository.ts';
import { createConfigRepository } from './config.repository.ts';
import { runWorkDir } from './ingest.paths.ts';
import type { UploadService } from './upload.service.ts';

const STAGES: string[] = ['GD', 'YJ', 'CQ'];
type RunRow = Selectable<IngestRunsTable> & { fonds_code?: string; percent?: number | null; message?: string | null };

export const presentRun = (r: RunRow): IngestRun => ({
  id: r.id, uploadId: r.upload_id, fondsId: r.fonds_id, categoryId: r.category_id, stage: r.stage as IngestRun['stage'], status: r.status as IngestRun['status'],
  verdict: r.verdict, layout: r.layout as IngestRun['layout'], filename: r.filename, packageSha256: r.package_sha256, configVersion: r.config_version,
  recordCount: r.record_count, fileCount: r.file_count, totalBytes: Number(r.total_bytes), counts: r.counts, jobId: r.job_id, acceptJobId: r.accept_job_id,
  percent: r.status === 'checked' || r.status === 'accepted' || r.status === 'rejected' ? 100 : Math.round(r.percent ?? 0), progressMessage: r.message ?? null,
  reportSha256: r.report_sha256, reportSm3: r.report_sm3, reportPdfSha256: r.report_pdf_sha256, decidedBy: r.decided_by, decidedAt: r.decided_at?.toISOString() ?? null,
  decisionReason: r.decision_reason, failure: r.failure, createdRecords: r.created_records, createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

/** Check runs over uploaded packages: start (as a job), follow, read the report, accept or reject. */
export function createRunService({ db, jobs, storage, dataDir, uploads }: { db: Db; jobs: JobQueue; storage: ObjectStorage; dataDir: string; uploads: UploadService }) {
  const config = createConfigRepository(db);
  const payload = (ctx: RequestCtx, runId: string) => ({ runId, actor: { id: ctx.actor.kind === 'anonymous' ? null : ctx.actor.userId, name: actorName(ctx.actor), roles: ctx.actor.kind === 'anonymous' ? [] : [...ctx.actor.roles] }, requestId: ctx.requestId, ip: ctx.ip });
  const base = () => db.selectFrom('ingest_runs').innerJoin('fonds', 'fonds.id', 'ingest_runs.fonds_id')
    .leftJoin('job_runs', (j) => j.on((eb) => eb('job_runs.id', '=', eb.fn.coalesce('ingest_runs.accept_job_id', 'ingest_runs.job_id'))))
    .selectAll('ingest_runs').select(['fonds.code as fonds_code', 'job_runs.percent as percent', 'job_runs.message as message']);

  async function visible(id: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const r = (await base().where('ingest_runs.id', '=', id).executeTakeFirst()) as RunRow | undefined;
    if (!r) throw notFound();
    assertFondsVisible(scope, r.fonds_code!);
    return r;
  }

  async function create(input: z.infer<typeof IngestRunCreate>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const who = actorName(ctx.actor);
    if (input.idempotencyKey) {
      const same = await db.selectFrom('ingest_runs').select('id').where('created_by', '=', who).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      if (same) return presentRun(await visible(same.id, ctx));
    }
    const up = await uploads.own(input.uploadId, ctx);
    if (up.status !== 'complete') throw new DomainError('ingest_upload_state', 409);
    const cat = await findCategory(db, input.categoryId);
    if (!cat) throw notFound();
    assertFondsVisible(scope, cat.fonds_code);
    const id = randomUUID();
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('ingest_runs').values({
        id, upload_id: up.id, idempotency_key: input.idempotencyKey ?? null, fonds_id: cat.fonds_id, category_id: cat.id, stage: input.stage, filename: up.filename,
        package_sha256: up.sha256, defaults: JSON.stringify(input.defaults ?? {}), created_by: who,
      }).execute();
      const jobId = await jobs.enqueue('ingest.run', payload(ctx, id), { tx, createdBy: ctx.actor.kind === 'anonymous' ? undefined : ctx.actor.userId });
      await tx.updateTable('ingest_runs').set({ job_id: jobId }).where('id', '=', id).execute();
      await appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'ingest.run', outcome: 'success', targetType: 'ingest_run', targetId: id,
        detail: { uploadId: up.id, filename: up.filename, sha256: up.sha256, stage: input.stage, categoryId: cat.id } });
    });
    return presentRun(await visible(id, ctx));
  }

  async function list(q: z.infer<typeof IngestRunsQuery>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    let s = base();
    if (scope.fondsCodes) s = s.where('fonds.code', 'in', scope.fondsCodes.length ? scope.fondsCodes : ['-']);
    if (q.status) s = s.where('ingest_runs.status', '=', q.status);
    if (q.verdict) s = s.where('ingest_runs.verdict', '=', q.verdict);
    if (q.stage) s = s.where('ingest_runs.stage', '=', q.stage);
    if (q.categoryId) s = s.where('ingest_runs.category_id', '=', q.categoryId);
    if (q.q) s = s.where('ingest_runs.filename', 'ilike', `%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
    const total = await s.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await s.orderBy('ingest_runs.created_at', 'desc').offset(q.offset).limit(q.limit).execute();
    return { items: (rows as RunRow[]).map(presentRun), total: Number(total.n), offset: q.offset, limit: q.limit };
  }

  async function report(id: string, q: z.infer<typeof IngestReportQuery>, ctx: RequestCtx) {
    const r = await visible(id, ctx);
    let s = db.selectFrom('ingest_run_items').where('run_id', '=', id);
    if (q.outcome) s = s.where('outcome', '=', q.outcome);
    if (q.code) s = s.where('code', '=', q.code);
    const total = await s.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await s.selectAll().orderBy('seq').offset(q.offset).limit(q.limit).execute();
    const names = new Map((await config.view(r.stage as IngestStage)).items.map((i) => [i.checkId, i.name]));
    return {
      run: presentRun(r), total: Number(total.n), offset: q.offset, limit: q.limit,
      items: rows.map((i) => ({ seq: i.seq, checkId: i.check_id, code: i.code, property: i.property as never, name: names.get(i.check_id) ?? { zh: i.check_id, en: i.check_id },
        outcome: i.outcome as never, subject: i.subject, zh: i.message_zh, en: i.message_en, evidence: i.evidence })),
    };
  }

  /** The stored report bytes (JSON or PDF), verified against their digest as they stream. */
  async function reportFile(id: string, kind: 'json' | 'pdf', ctx: RequestCtx) {
    const r = await visible(id, ctx);
    const sha = kind === 'json' ? r.report_sha256 : r.report_pdf_sha256;
    if (!sha) throw notFound();
    return { stream: await storage.get(sha, { verify: true }), filename: `ingest-report-${r.id}.${kind}`, sha256: sha };
  }

  async function decide(id: string, decision: 'accept' | 'reject', reason: string, ctx: RequestCtx) {
    if (!catalogueScope(ctx.actor).canManage) throw forbidden();
    await visible(id, ctx);
    const r = await db.transaction().execute(async (tx) => {
      const cur = await tx.selectFrom('ingest_runs').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (cur.status !== 'checked') throw new DomainError('ingest_run_state', 409);
      // A run of a 移交单 is decided with its transfer (modules/transfer), all packages together.
      if (await tx.selectFrom('transfer_runs').select('transfer_id').where('run_id', '=', id).executeTakeFirst()) throw new DomainError('ingest_run_in_transfer', 409);
      if (decision === 'accept' && cur.verdict === 'fail') throw new DomainError('ingest_verdict_fail', 409);
      if (decision === 'reject') {
        await tx.updateTable('ingest_runs').set({ status: 'rejected', decided_by: actorName(ctx.actor), decided_at: new Date(), decision_reason: reason, updated_at: new Date() }).where('id', '=', id).execute();
      } else {
        const jobId = await jobs.enqueue('ingest.accept', payload(ctx, id), { tx, createdBy: ctx.actor.kind === 'anonymous' ? undefined : ctx.actor.userId });
        await tx.updateTable('ingest_runs').set({ status: 'accepting', accept_job_id: jobId, decision_reason: reason, failure: null, updated_at: new Date() }).where('id', '=', id).execute();
      }
      await appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: `ingest.${decision}.request`, outcome: 'success', targetType: 'ingest_run', targetId: id, detail: { reason, reportSha256: cur.report_sha256 } });
      return cur;
    });
    if (decision === 'reject') await fs.rm(runWorkDir(dataDir, r.id), { recursive: true, force: true });
    return presentRun(await visible(id, ctx));
  }

  async function recordRuns(recordId: string, ctx: RequestCtx) {
    catalogueScope(ctx.actor);
    const rows = await db.selectFrom('ingest_run_records').innerJoin('ingest_runs', 'ingest_runs.id', 'ingest_run_records.run_id')
      .select(['ingest_runs.id', 'ingest_run_records.package_key', 'ingest_runs.stage', 'ingest_runs.verdict', 'ingest_runs.report_sha256', 'ingest_runs.decided_at', 'ingest_runs.fonds_id'])
      .where('ingest_run_records.record_id', '=', recordId).execute();
    for (const r of rows) await visible(r.id, ctx);
    return { items: rows.map((r) => ({ runId: r.id, packageKey: r.package_key, stage: r.stage as IngestStage, verdict: r.verdict, reportSha256: r.report_sha256, acceptedAt: r.decided_at?.toISOString() ?? null })) };
  }

  async function putConfig(stage: IngestStage, body: z.infer<typeof IngestConfigPut>, ctx: RequestCtx) {
    if (!catalogueScope(ctx.actor).canManage) throw forbidden();
    if (!STAGES.includes(stage)) throw notFound();
    const v = await config.put(stage, body.version, body.items, actorName(ctx.actor));
    await appendAudit(db, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'ingest.config', outcome: 'success', targetType: 'ingest_config', targetId: `${stage}:${v.version}`, after: body.items });
    return v;
  }

  async function getConfig(stage: IngestStage, ctx: RequestCtx) {
    catalogueScope(ctx.actor);
    if (!STAGES.includes(stage)) throw notFound();
    return config.view(stage);
  }

  return { create, list, get: async (id: string, ctx: RequestCtx) => presentRun(await visible(id, ctx)), report, reportFile, decide, recordRuns, putConfig, getConfig };
}
export type RunService = ReturnType<typeof createRunService>;
