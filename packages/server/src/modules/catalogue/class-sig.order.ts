import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/** A class with its 档号 range (its first block's first 档号, its last block's last). */
export interface RangedClass { key: string; lo: string; hi: string }

/**
 * The 档号 order of a 门类's classes, by their ranges in the database's collation (which JavaScript's string order is
 * not), worked out in one query and kept until a class's version moves (`fingerprint`). Null when two ranges
 * interleave (then class-by-class reading in order is not exact).
 */
export function createClassOrder(db: Db) {
  const cache = new Map<string, { fingerprint: string; ranks: Map<string, number> | null }>();
  return async function ranks(categoryId: string, fingerprint: string, classes: RangedClass[]): Promise<Map<string, number> | null> {
    const hit = cache.get(categoryId);
    if (hit?.fingerprint === fingerprint) return hit.ranks;
    let ranks: Map<string, number> | null = new Map();
    if (classes.length) {
      const rows = await sql<{ key: string; apart: boolean | null }>`
        select key, lag(hi) over (order by lo) < lo apart
        from (values ${sql.join(classes.map((c) => sql`(${c.key}, ${c.lo}::text, ${c.hi}::text)`))}) k(key, lo, hi) order by lo`.execute(db);
      if (rows.rows.some((r) => r.apart === false)) ranks = null;
      else rows.rows.forEach((r, i) => ranks!.set(r.key, i));
    }
    cache.set(categoryId, { fingerprint, ranks });
    return ranks;
  };
}
