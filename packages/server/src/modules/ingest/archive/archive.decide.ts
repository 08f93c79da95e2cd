import fs from 'node:fs/promises';
import type { Transaction } from 'kysely';
import type { Conn, Db } from '../../../platform/db/database.ts';
import type { DB } from '../../../platform/db/schema.ts';
import type { ObjectStorage } from '../../../platform/storage/index.ts';
import { DomainError } from '../../../http/errors.ts';
import { appendAudit } from '../../audit/index.ts';
import { actorAudit, type RequestCtx } from '../../auth/index.ts';
import { executeAccept } from '../accept.execute.ts';
import { runWorkDir } from '../ingest.paths.ts';
import type { ArchiveScope } from './archive.policy.ts';
import type { SubmissionRow } from './archive.repository.ts';
import { signReceipt, type ArchiveReceiptBody } from './receipt.ts';
import type { SpooledFile } from './spool.ts';

export interface Outcome {
  subId: string; runId: string; key: string; hash: string; who: string; scope: ArchiveScope; ctx: RequestCtx;
  cat: { id: string; fonds_id: string; code: string; fonds_code: string };
  files: SpooledFile[];
  keys: { key: Buffer; keyId: string };
}
type Issues = { path: string; message: string }[];
type Decided = SubmissionRow & { issues?: Issues };
const SYSTEM = '归档接口 / archive API';

async function receiptFor(tx: Transaction<DB>, o: Outcome, status: 'accepted' | 'rejected', reason: string | null) {
  const run = await tx.selectFrom('ingest_runs').selectAll().where('id', '=', o.runId).executeTakeFirstOrThrow();
  const rec = status === 'accepted'
    ? await tx.selectFrom('ingest_run_records').innerJoin('records', 'records.id', 'ingest_run_records.record_id').select(['records.id', 'records.archival_code']).where('ingest_run_records.run_id', '=', o.runId).executeTakeFirst()
    : undefined;
  const body: ArchiveReceiptBody = {
    kind: 'lantai.archive-receipt/1', idempotencyKey: o.key, requestSha256: o.hash, status, fonds: o.cat.fonds_code, category: o.cat.code,
    archivalCode: rec?.archival_code ?? null, recordId: rec?.id ?? null, verdict: (run.verdict ?? 'fail') as ArchiveReceiptBody['verdict'],
    files: o.files.map((f) => ({ name: f.name, size: f.size, sha256: f.digests.sha256!, sm3: f.digests.sm3! })),
    report: { runId: o.runId, sha256: run.report_sha256 ?? '', sm3: run.report_sm3 ?? '', pdfSha256: run.report_pdf_sha256 },
    reason, issuedAt: new Date().toISOString(),
  };
  return signReceipt(body, o.keys.key, o.keys.keyId);
}

async function settle(tx: Transaction<DB>, o: Outcome, status: 'accepted' | 'rejected', code: string | null, reason: string | null) {
  const receipt = await receiptFor(tx, o, status, reason);
  const row = await tx.updateTable('archive_submissions').set({
    status, code, record_id: receipt.body.recordId, receipt: JSON.stringify(receipt), http_status: status === 'accepted' ? 200 : 422, failure: reason, updated_at: new Date(),
  }).where('id', '=', o.subId).returningAll().executeTakeFirstOrThrow();
  await appendAudit(tx, { ...actorAudit(o.ctx.actor), requestId: o.ctx.requestId, ip: o.ctx.ip, action: `archive.${status === 'accepted' ? 'accept' : 'reject'}`, outcome: 'success',
    targetType: 'archive_submission', targetId: o.subId, detail: { idempotencyKey: o.key, runId: o.runId, code, recordId: receipt.body.recordId, archivalCode: receipt.body.archivalCode, receiptDigest: receipt.digest.value } });
  return row;
}

/**
 * Rejects a checked run: the run is `rejected` with the reason, the submission gets its signed receipt,
 * and nothing else changes (no record, no stored file); the report stays as the evidence.
 */
export async function rejectAndSign(d: { db: Db; dataDir: string }, o: Outcome, why: 'checks' | 'record', issues?: Issues): Promise<Decided> {
  let code = 'archive_record_invalid';
  if (why === 'checks') {
    const fixity = await d.db.selectFrom('ingest_run_items').select('seq').where('run_id', '=', o.runId).where('check_id', '=', 'fixity').where('outcome', '=', 'fail').limit(1).executeTakeFirst();
    code = fixity ? 'archive_digest_mismatch' : 'archive_checks_failed';
  }
  const reason = why === 'checks' ? '四性检测未通过 / the checks failed' : `著录项不符合分类方案 / the record does not fit the scheme: ${(issues ?? []).map((i) => `${i.path} ${i.message}`).join('; ')}`.slice(0, 2000);
  const row = await d.db.transaction().execute(async (tx) => {
    const run = await tx.selectFrom('ingest_runs').select('status').where('id', '=', o.runId).forUpdate().executeTakeFirstOrThrow();
    if (run.status !== 'checked') throw new DomainError('ingest_run_state', 409);
    await tx.updateTable('ingest_runs').set({ status: 'rejected', decided_by: SYSTEM, decided_at: new Date(), decision_reason: reason, updated_at: new Date() }).where('id', '=', o.runId).execute();
    return settle(tx, o, 'rejected', code, reason);
  });
  await fs.rm(runWorkDir(d.dataDir, o.runId), { recursive: true, force: true });
  return { ...row, issues };
}

/**
 * Accepts a run that passed (or passed with warnings): files into the store, then the record, its files,
 * the run link, the audit rows and the submission with its signed receipt in ONE transaction. A record
 * that does not fit the 门类's scheme is turned into a rejection with the scheme's issues.
 */
export async function acceptAndSign(d: { db: Db; storage: ObjectStorage; dataDir: string; onArchived?: (tx: Conn, recordIds: string[], by: string) => Promise<void> }, o: Outcome): Promise<Decided> {
  await d.db.updateTable('ingest_runs').set({ status: 'accepting', decision_reason: '自动接收 / accepted automatically (archive API)', updated_at: new Date() })
    .where('id', '=', o.runId).where('status', '=', 'checked').execute();
  let row: SubmissionRow | undefined;
  const a = o.ctx.actor;
  try {
    await executeAccept(d, o.runId, { id: a.kind === 'anonymous' ? null : a.userId, name: o.who, roles: a.kind === 'anonymous' ? [] : [...a.roles], requestId: o.ctx.requestId, ip: o.ctx.ip },
      async () => {}, async (tx) => {
        row = await settle(tx, o, 'accepted', null, null);
        if (row.record_id) await d.onArchived?.(tx, [row.record_id], o.who);
      });
  } catch (e) {
    if (e instanceof DomainError && e.status < 500) return rejectAndSign(d, o, 'record', e.issues ?? [{ path: '', message: e.message }]);
    throw e;
  }
  return row!;
}
