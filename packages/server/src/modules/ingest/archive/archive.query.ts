import { sql } from 'kysely';
import type { z } from 'zod';
import type { ArchiveReceipt, ArchiveSubmissionsQuery } from '@lantai/api';
import type { Db } from '../../../platform/db/database.ts';
import type { ObjectStorage } from '../../../platform/storage/index.ts';
import { notFound } from '../../../http/errors.ts';
import type { RequestCtx } from '../../auth/index.ts';
import { archiveScope } from './archive.policy.ts';
import { listBase, presentSubmission } from './archive.repository.ts';
import { verifyReceipt } from './receipt.ts';

/**
 * Reading submissions: a token sees what it submitted itself; a signed-in 档案管理员 every submission,
 * a 立档单位档案员 those of their fonds. What is out of reach is 404, like a missing id.
 */
export function createArchiveQueries(d: { db: Db; storage: ObjectStorage; keys: () => Promise<{ key: Buffer; keyId: string }> }) {
  const scoped = (ctx: RequestCtx) => {
    const s = archiveScope(ctx.actor);
    let q = listBase(d.db);
    if (s.via === 'token') q = q.where('s.principal', '=', s.principal);
    if (s.fondsCodes) q = q.where('fonds.code', 'in', s.fondsCodes.length ? s.fondsCodes : ['-']);
    return q;
  };

  async function list(query: z.infer<typeof ArchiveSubmissionsQuery>, ctx: RequestCtx) {
    let q = scoped(ctx);
    if (query.status) q = q.where('s.status', '=', query.status);
    if (query.idempotencyKey) q = q.where('s.idempotency_key', '=', query.idempotencyKey);
    const total = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.orderBy('s.created_at', 'desc').offset(query.offset).limit(query.limit).execute();
    return { items: rows.map(presentSubmission), total: Number(total.n), offset: query.offset, limit: query.limit };
  }

  async function row(id: string, ctx: RequestCtx) {
    const r = await scoped(ctx).where('s.id', '=', id).executeTakeFirst();
    if (!r) throw notFound();
    return r;
  }

  /** The stored report of the submission's check run (JSON or PDF), verified as it streams. */
  async function report(id: string, kind: 'json' | 'pdf', ctx: RequestCtx) {
    const r = await row(id, ctx);
    const run = r.run_id ? await d.db.selectFrom('ingest_runs').select(['report_sha256', 'report_pdf_sha256']).where('id', '=', r.run_id).executeTakeFirst() : undefined;
    const sha = kind === 'json' ? run?.report_sha256 : run?.report_pdf_sha256;
    if (!sha) throw notFound();
    return { stream: await d.storage.get(sha, { verify: true }), sha256: sha, filename: `archive-report-${r.idempotency_key}.${kind}` };
  }

  /** Checks a receipt against the archive's key, and whether the archive holds a submission with that digest. */
  async function verify(receipt: ArchiveReceipt) {
    const { key } = await d.keys();
    const v = verifyReceipt(receipt as never, key);
    const known = v.signatureOk
      ? await d.db.selectFrom('archive_submissions').select('id').where('idempotency_key', '=', receipt.body.idempotencyKey)
        .where(sql<string>`receipt->'digest'->>'value'`, '=', receipt.digest.value).execute()
      : [];
    return { ...v, knownSubmission: known.length > 0 };
  }

  return { list, get: async (id: string, ctx: RequestCtx) => presentSubmission(await row(id, ctx)), receipt: async (id: string, ctx: RequestCtx) => (await row(id, ctx)).receipt, report, verify };
}
export type ArchiveQueries = ReturnType<typeof createArchiveQueries>;
