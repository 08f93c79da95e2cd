import { Migrator, type Migration } from 'kysely';
import type { Db } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * Brings the schema up to date; throws with the failing migration's name. Migrations are numbered by the feature that
 * adds them, and features land in parallel: a database may already hold 0015 when 0014 arrives. Each migration
 * touches its own tables, so a missing earlier one is applied then rather than refusing to start
 * ("corrupted migrations").
 */
export async function migrateToLatest(db: Db, all: Record<string, Migration> = migrations): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
