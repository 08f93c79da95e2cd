import { sql, type Kysely } from 'kysely';

// Suffix tags ('~s:<suffix>' for every letter/digit run of 题名, 责任者, 文号 and 档号; '~s!' on a vector with a run
// too long for them: platform/search/text.tokens.ts) let the record table's substring filter find a number typed
// alone through the index. Vectors written before this lack them, so every indexed row is marked for the indexer,
// which rebuilds them in the background. Until it has caught up the filter falls back to its LIKE scan (more than
// 2,000 stale rows), so no record is missed meanwhile.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update search_docs set stale_since = now() where stale_since is null`.execute(db);
}

export async function down(): Promise<void> {
  // Vectors with suffix tags are still valid vectors: nothing to undo.
}
