import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ARCHIVE_LIMITS, type ArchiveMetadata, type ArchiveResult } from '@lantai/api';
import type { Conn, Db } from '../../../platform/db/database.ts';
import type { ObjectStorage } from '../../../platform/storage/index.ts';
import { DomainError, messageFor } from '../../../http/errors.ts';
import { appendAudit } from '../../audit/index.ts';
import { actorAudit, type RequestCtx } from '../../auth/index.ts';
import { currentScheme } from '../../scheme/scheme.repository.ts';
import type { CheckServices } from '../checks/check.types.ts';
import { ingestDir, runWorkDir } from '../ingest.paths.ts';
import { executeRun } from '../run.execute.ts';
import { archivePackage, pairFiles, recordMetadata, requestSha256 } from './archive.package.ts';
import { readMetadata, receiveFiles, type MultipartPart } from './archive.intake.ts';
import type { ArchiveScope } from './archive.policy.ts';
import { claimSubmission, findSubmission, receiptKeys, STALE_MS, type SubmissionRow } from './archive.repository.ts';
import { acceptAndSign, rejectAndSign, type Outcome } from './archive.decide.ts';

export interface ArchiveDeps {
  db: Db; storage: ObjectStorage; dataDir: string; clamd?: CheckServices['clamd']; maxFiles?: number;
  onArchived?: (tx: Conn, recordIds: string[], by: string) => Promise<void>;
}
/** Where one request's files wait while they are checked (removed when the request ends, whatever the outcome). */
export const archiveSpoolDir = (dataDir: string, id: string) => path.join(ingestDir(dataDir), 'archive', id);

/**
 * POST /api/archive: metadata first, then the files to disk, then — under the caller's Idempotency-Key —
 * the GD-stage 四性检测 synchronously on exactly what arrived, then accept (records + files + receipt in
 * one transaction) or reject (nothing changes; run, report and receipt kept). A replay of the same
 * request gets the stored answer; the same key with other content is 409.
 */
export function createArchiveService(d: ArchiveDeps) {
  const keys = receiptKeys(d.db);

  async function submit(parts: AsyncIterable<MultipartPart>, key: string, scope: ArchiveScope, ctx: RequestCtx, lang: 'zh' | 'en'): Promise<ArchiveResult> {
    const it = parts[Symbol.asyncIterator]();
    const meta = await readMetadata(it);
    scope.assertFonds(meta.fonds);
    const cat = await d.db.selectFrom('categories').innerJoin('fonds', 'fonds.id', 'categories.fonds_id').select(['categories.id', 'categories.fonds_id', 'categories.code', 'fonds.code as fonds_code'])
      .where('fonds.code', '=', meta.fonds).where('categories.code', '=', meta.category).executeTakeFirst();
    if (!cat || !(await currentScheme(d.db, cat.id))) throw new DomainError('archive_category_unknown', 400, [{ path: 'metadata.category', message: `${meta.fonds}/${meta.category}` }]);
    scope.assertClearance(recordMetadata(meta).security);
    const before = await findSubmission(d.db, scope.principal, key);
    if (before && before.status === 'checking' && Date.now() - before.updated_at.getTime() < STALE_MS) throw new DomainError('archive_in_progress', 409);

    const id = randomUUID();
    const dir = archiveSpoolDir(d.dataDir, id);
    try {
      const files = await receiveFiles(it, path.join(dir, 'files'), d.maxFiles ?? ARCHIVE_LIMITS.maxFiles);
      const hash = requestSha256(meta, files);
      if (before && before.status !== 'failed' && before.status !== 'checking') return replay(before, hash, lang);
      pairFiles(meta, files);
      const who = actorAudit(ctx.actor).actorName ?? 'anonymous';
      const claim = await claimSubmission(d.db, { id, principal: scope.principal, idempotency_key: key, request_sha256: hash, via: scope.via, token_id: scope.tokenId, fonds_id: cat.fonds_id, category_id: cat.id, created_by: who });
      if (!claim.claimed) {
        if (claim.row.status === 'checking') throw new DomainError('archive_in_progress', 409);
        return replay(claim.row, hash, lang);
      }
      return await check(claim.id, meta, files, { key, hash, cat, who, scope, ctx, lang });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  function replay(row: SubmissionRow, hash: string, lang: 'zh' | 'en'): ArchiveResult {
    if (row.request_sha256 !== hash) throw new DomainError('archive_idempotency_conflict', 409);
    return resultOf(row, lang, true);
  }

  async function check(subId: string, meta: ArchiveMetadata, files: Awaited<ReturnType<typeof receiveFiles>>, o: Omit<Outcome, 'runId' | 'subId' | 'files' | 'keys'> & { lang: 'zh' | 'en' }) {
    const runId = randomUUID();
    try {
      await d.db.transaction().execute(async (tx) => {
        await tx.insertInto('ingest_runs').values({
          id: runId, upload_id: null, idempotency_key: null, fonds_id: o.cat.fonds_id, category_id: o.cat.id, stage: 'GD', layout: 'api',
          filename: `${String(meta.record['题名'] ?? '').trim() || '（无题名）'} · ${o.key}`.slice(0, 255), package_sha256: o.hash, defaults: '{}', created_by: o.who,
        }).execute();
        await tx.updateTable('archive_submissions').set({ run_id: runId, updated_at: new Date() }).where('id', '=', subId).execute();
        await appendAudit(tx, { ...actorAudit(o.ctx.actor), requestId: o.ctx.requestId, ip: o.ctx.ip, action: 'archive.submit', outcome: 'success', targetType: 'archive_submission', targetId: subId,
          detail: { idempotencyKey: o.key, requestSha256: o.hash, fonds: meta.fonds, category: meta.category, runId, files: files.map((f) => ({ name: f.name, size: f.size, sha256: f.digests.sha256 })) } });
      });
      const pkg = archivePackage(meta, files, { root: path.dirname(files[0]?.absPath ?? '.'), key: o.key, via: `${o.who} (${o.scope.via})` });
      await executeRun({ db: d.db, storage: d.storage, dataDir: d.dataDir, clamd: d.clamd }, runId, async () => {}, { kind: 'prepared', pkg });
      const out = { ...o, runId, subId, files, keys: await keys() };
      const run = await d.db.selectFrom('ingest_runs').select(['verdict']).where('id', '=', runId).executeTakeFirstOrThrow();
      const row = run.verdict === 'fail' ? await rejectAndSign(d, out, 'checks') : await acceptAndSign(d, out);
      return resultOf(row, o.lang, false, row.issues);
    } catch (e) {
      await d.db.updateTable('archive_submissions').set({ status: 'failed', failure: String((e as Error).message).slice(0, 2000), updated_at: new Date() }).where('id', '=', subId).where('status', '=', 'checking').execute();
      await fs.rm(runWorkDir(d.dataDir, runId), { recursive: true, force: true });
      throw e;
    }
  }

  return { submit, keys };
}
export type ArchiveService = ReturnType<typeof createArchiveService>;

/** The answer for a decided submission, rebuilt from its row (a replay gets the stored receipt byte for byte). */
export function resultOf(row: SubmissionRow, lang: 'zh' | 'en', replayed: boolean, issues?: { path: string; message: string }[]): ArchiveResult {
  const receipt = row.receipt as unknown as ArchiveResult['receipt'];
  const base = `/api/archive/submissions/${row.id}`;
  return {
    submissionId: row.id, status: row.status as 'accepted' | 'rejected', code: row.code, message: row.code ? messageFor(row.code as never, lang) : null, replayed, receipt,
    ...(issues?.length ? { issues } : {}),
    links: { reportJson: `${base}/report.json`, reportPdf: `${base}/report.pdf`, record: row.record_id ? `/api/records/${row.record_id}` : null },
  };
}
