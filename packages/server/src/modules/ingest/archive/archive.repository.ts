import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ArchiveSubmission } from '@lantai/api';
import type { Db } from '../../../platform/db/database.ts';
import type { ArchiveSubmissionsTable } from '../../../platform/db/schema.ts';
import { sm3Hex } from '../../../platform/crypto/hash.ts';

export type SubmissionRow = Selectable<ArchiveSubmissionsTable>;
/** A submission left `checking` this long was cut off (a crash): its key may be used again. */
export const STALE_MS = 30 * 60_000;

/** The receipt signing key, made on first use (32 random bytes; its id is the start of its SM3). */
export function receiptKeys(db: Db) {
  let cached: { key: Buffer; keyId: string } | undefined;
  return async () => {
    if (cached) return cached;
    let r = await db.selectFrom('archive_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!r) {
      const key = randomBytes(32);
      await db.insertInto('archive_settings').values({ id: 1, receipt_key: key, key_id: `k-${sm3Hex(key).slice(0, 12)}` }).onConflict((oc) => oc.column('id').doNothing()).execute();
      r = await db.selectFrom('archive_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    }
    cached = { key: r.receipt_key, keyId: r.key_id };
    return cached;
  };
}

export const findSubmission = (db: Db, principal: string, key: string) =>
  db.selectFrom('archive_submissions').selectAll().where('principal', '=', principal).where('idempotency_key', '=', key).executeTakeFirst();

/**
 * Claims (principal, key) for a new attempt. Returns the existing row instead when the key is taken —
 * unless that row failed or went stale, in which case this attempt takes it over.
 */
export async function claimSubmission(db: Db, row: { id: string; principal: string; idempotency_key: string; request_sha256: string; via: string; token_id: string | null; fonds_id: string; category_id: string; created_by: string }) {
  const inserted = await db.insertInto('archive_submissions').values({ ...row, status: 'checking' }).onConflict((oc) => oc.columns(['principal', 'idempotency_key']).doNothing()).returning('id').executeTakeFirst();
  if (inserted) return { claimed: true as const, id: row.id };
  const cur = (await findSubmission(db, row.principal, row.idempotency_key))!;
  const stale = cur.status === 'checking' && Date.now() - cur.updated_at.getTime() > STALE_MS;
  if (cur.status === 'failed' || stale) {
    // Compare-and-set on (status, run_id): of two callers taking over the same row, only the first matches.
    let q = db.updateTable('archive_submissions').set({ ...row, id: cur.id, status: 'checking', run_id: null, failure: null, code: null, http_status: null, receipt: null, updated_at: new Date() })
      .where('id', '=', cur.id).where('status', '=', cur.status);
    q = cur.run_id ? q.where('run_id', '=', cur.run_id) : q.where('run_id', 'is', null);
    const took = await q.returning('id').executeTakeFirst();
    if (took) return { claimed: true as const, id: cur.id };
  }
  return { claimed: false as const, row: (await findSubmission(db, row.principal, row.idempotency_key))! };
}

type Listed = SubmissionRow & { fonds_code: string; category_code: string; verdict: string | null; report_sha256: string | null; archival_code: string | null; title: string | null; run_filename: string | null };

export const listBase = (db: Db) => db.selectFrom('archive_submissions as s')
  .innerJoin('fonds', 'fonds.id', 's.fonds_id').innerJoin('categories', 'categories.id', 's.category_id')
  .leftJoin('ingest_runs', 'ingest_runs.id', 's.run_id').leftJoin('records', 'records.id', 's.record_id')
  .selectAll('s').select(['fonds.code as fonds_code', 'categories.code as category_code', 'ingest_runs.verdict', 'ingest_runs.report_sha256', 'records.archival_code', 'records.title', 'ingest_runs.filename as run_filename']);

export const presentSubmission = (r: Listed): ArchiveSubmission => ({
  id: r.id, idempotencyKey: r.idempotency_key, status: r.status as ArchiveSubmission['status'], via: r.via as ArchiveSubmission['via'], createdBy: r.created_by,
  fondsCode: r.fonds_code, categoryCode: r.category_code, runId: r.run_id, verdict: (r.verdict as ArchiveSubmission['verdict']) ?? null, recordId: r.record_id,
  archivalCode: r.archival_code ?? null, title: r.title ?? r.run_filename ?? null, reportSha256: r.report_sha256 ?? null, failure: r.failure, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});
