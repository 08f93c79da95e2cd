import { sql, type Kysely } from 'kysely';

// The catalogue import's COPY runs with session_replication_role = replica (modules/catalogue-io/import.insert.ts):
// that skips the per-row foreign-key checks (records → fonds, categories, schemes; record_versions → records), which
// the import makes once per import instead (a fifth of the database's CPU per imported row). The two derived-table
// triggers that fire on inserted records must still run there, so they fire in every replication role (ALWAYS).
// The import checks this at run time and takes the ordinary path when any insert trigger would not fire.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table records enable always trigger search_records_ins, enable always trigger records_counts_ins`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table records enable trigger search_records_ins, enable trigger records_counts_ins`.execute(db);
}
