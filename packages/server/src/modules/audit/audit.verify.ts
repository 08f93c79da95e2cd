import { sql } from 'kysely';
import type { Conn } from '../../platform/db/database.ts';
import { chainHash, GENESIS_HASH, rowPayload } from './audit.repository.ts';

type BadReason = 'missing_row' | 'prev_hash_mismatch' | 'hash_mismatch' | 'sequence_gap';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  /** The first row that does not verify, and why. */
  firstBad?: { seq: number; reason: BadReason };
}

/** A head the chain once had: that row must exist forever with that hash. */
export interface Checkpoint {
  headSeq: number;
  headHash: string;
}

export interface VerifyOptions {
  pageSize?: number;
  onProgress?: (checked: number, total: number) => Promise<void>;
  /** Checkpoints kept outside the database (the jsonl file), checked besides the audit_checkpoints table. */
  checkpoints?: Checkpoint[];
}

/**
 * Walks the whole chain in seq order, in pages (constant memory), and names the first bad row:
 * an edited row fails its own hash, a deleted one leaves a sequence gap, a reordered or re-hashed one
 * breaks the next link. The chain alone cannot see rows cut off its end; recorded checkpoints can:
 * a checkpoint whose row is gone is 'missing_row', one whose row now has another hash is 'hash_mismatch'.
 */
export async function verifyAuditChain(db: Conn, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const walked = await walkChain(db, opts.pageSize ?? 5000, opts.onProgress);
  const cp = await firstBrokenCheckpoint(db, opts.checkpoints ?? []);
  // Report whichever problem comes first in the chain; on a tie the walk's reason is the more precise one.
  if (cp && (!walked.firstBad || cp.seq < walked.firstBad.seq)) return { ...walked, ok: false, firstBad: cp };
  return walked;
}

async function walkChain(db: Conn, pageSize: number, onProgress?: VerifyOptions['onProgress']): Promise<VerifyResult> {
  const total = onProgress ? Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) : 0;
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, checked, headSeq: expectedSeq - 1, headHash: prev, firstBad: { seq: expectedSeq, reason: 'sequence_gap' } };
      if (r.prev_hash !== prev) return { ok: false, checked, headSeq: r.seq - 1, headHash: prev, firstBad: { seq: r.seq, reason: 'prev_hash_mismatch' } };
      const detail = typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail;
      if (chainHash(prev, rowPayload({ ...r, detail })) !== r.hash) {
        return { ok: false, checked, headSeq: r.seq - 1, headHash: prev, firstBad: { seq: r.seq, reason: 'hash_mismatch' } };
      }
      prev = r.hash;
      expectedSeq++;
      checked++;
    }
    await onProgress?.(checked, total);
  }
  return { ok: true, checked, headSeq: expectedSeq - 1, headHash: prev };
}

/** The lowest checkpoint (table or given) whose row is missing or has another hash now. */
async function firstBrokenCheckpoint(db: Conn, extra: Checkpoint[]): Promise<VerifyResult['firstBad'] | undefined> {
  const bad: { seq: number; reason: BadReason }[] = [];
  const fromTable = await db.selectFrom('audit_checkpoints as c').leftJoin('audit_log as a', 'a.seq', 'c.head_seq')
    .select(['c.head_seq', 'a.hash']).where(sql<boolean>`a.hash is distinct from c.head_hash`).where('c.head_seq', '>', 0)
    .orderBy('c.head_seq').limit(1).executeTakeFirst();
  if (fromTable) bad.push({ seq: fromTable.head_seq, reason: fromTable.hash === null ? 'missing_row' : 'hash_mismatch' });
  const wanted = extra.filter((c) => c.headSeq > 0);
  for (let i = 0; i < wanted.length; i += 1000) {
    const chunk = wanted.slice(i, i + 1000);
    const rows = await db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', 'in', chunk.map((c) => c.headSeq)).execute();
    const have = new Map(rows.map((r) => [r.seq, r.hash]));
    for (const c of chunk) {
      const h = have.get(c.headSeq);
      if (h !== c.headHash) bad.push({ seq: c.headSeq, reason: h === undefined ? 'missing_row' : 'hash_mismatch' });
    }
  }
  return bad.sort((a, b) => a.seq - b.seq)[0];
}
