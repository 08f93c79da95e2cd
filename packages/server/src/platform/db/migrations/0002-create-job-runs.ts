import { sql, type Kysely } from 'kysely';

// Lantai's own view of each background job (state, progress, who asked), kept beside pg-boss's queue
// tables so the API never depends on pg-boss internals and progress survives pg-boss archiving.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_runs (
      id uuid primary key,
      name text not null,
      state text not null default 'created',
      percent real not null default 0,
      message text,
      created_by text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      completed_at timestamptz,
      output jsonb
    );
    create index job_runs_created_idx on job_runs(created_at desc);
    create index job_runs_state_idx on job_runs(state, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_runs`.execute(db);
}
