import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

/**
 * Runs `fn` holding a session advisory lock named `key` on a reserved connection, or resolves null at once
 * when another process holds it. A crashed holder's lock goes with its connection.
 */
export async function withLock<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (c) => {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(hashtextextended(${'lantai.preservation:' + key}, 0)) as ok`.execute(c);
    if (!got.rows[0]?.ok) return null;
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${'lantai.preservation:' + key}, 0))`.execute(c).catch(() => undefined);
    }
  });
}
