import { sql, type Kysely } from 'kysely';

// Two records indexes that every insert paid for and no query used (bench/import.bench.ts, docs/BENCHMARKS.md):
// - records_code_trgm (pg_trgm GIN on 档号): the only substring filter on archival_code is OR-ed with title,
//   doc_number and responsible, which have no trigram index, so the planner can never use it (full-text search
//   lives in search_docs, migration 0009). Each insert added ~25 trigram entries.
// - records_fonds_code_idx (fonds_id, archival_code, id): the same order as the unique records_code_uq
//   (fonds_id, archival_code), whose keys are already unique, so the trailing id adds nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index records_code_trgm; drop index records_fonds_code_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index records_code_trgm on records using gin (archival_code gin_trgm_ops);
    create index records_fonds_code_idx on records(fonds_id, archival_code, id);
  `.execute(db);
}
