import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/**
 * The next human-readable number of a kind for the current year: CD-2026-000123 (查档 requests),
 * CZ-2026-000007 (出证 certificates). Call inside the creating transaction: the counter row is
 * locked until it commits, and a rollback gives the number back.
 */
export async function nextNumber(tx: Db, kind: 'CD' | 'CZ', now = new Date()): Promise<string> {
  const year = now.getFullYear();
  const r = await sql<{ last_no: number }>`
    insert into access_counters (kind, year, last_no) values (${kind}, ${year}, 1)
    on conflict (kind, year) do update set last_no = access_counters.last_no + 1
    returning last_no`.execute(tx);
  return `${kind}-${year}-${String(r.rows[0]!.last_no).padStart(6, '0')}`;
}
