import type { Conn } from '../../platform/db/database.ts';
import { chainHash, GENESIS_HASH, rowPayload } from './audit.repository.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  /** The first row that does not verify, and why. */
  firstBad?: { seq: number; reason: 'missing_row' | 'prev_hash_mismatch' | 'hash_mismatch' | 'sequence_gap' };
}

/**
 * Walks the whole chain in seq order, in pages (constant memory), and names the first bad row:
 * an edited row fails its own hash, a deleted one leaves a sequence gap, a reordered one breaks the links.
 */
export async function verifyAuditChain(db: Conn, pageSize = 5000, onProgress?: (checked: number, total: number) => Promise<void>): Promise<VerifyResult> {
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
