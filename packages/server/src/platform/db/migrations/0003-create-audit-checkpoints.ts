import { sql, type Kysely } from 'kysely';

// Checkpoints of the audit chain: each successful verification records the head it saw (seq and hash).
// The hash chain alone cannot notice rows cut off its end (tail truncation); a later verification
// checks that every recorded head row still exists with the same hash. A copy of each checkpoint also
// goes to <dataDir>/audit-checkpoints.jsonl, outside the database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_checkpoints (
      id bigserial primary key,
      head_seq bigint not null check (head_seq >= 0),
      head_hash text not null,
      at timestamptz not null default now(),
      verified_by text
    );
    create index audit_checkpoints_seq_idx on audit_checkpoints(head_seq);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_checkpoints`.execute(db);
}
