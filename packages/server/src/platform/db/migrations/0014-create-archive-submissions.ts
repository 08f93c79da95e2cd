import { sql, type Kysely } from 'kysely';

// 单套制 归档 from business systems (issue #5, channel 1).
// archive_settings: the HMAC-SM3 key that signs archive receipts (one row, made on first use).
// archive_submissions: one row per (caller, Idempotency-Key): the SHA-256 of the canonical request (metadata +
//   file digests) so a replay with the same content gets the stored receipt and different content is refused;
//   the check run (its report is the evidence), the record it became, and the signed receipt as answered.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table archive_settings (
      id int primary key check (id = 1),
      receipt_key bytea not null check (length(receipt_key) = 32),
      key_id text not null,
      created_at timestamptz not null default now()
    );
    create table archive_submissions (
      id uuid primary key,
      principal text not null,
      idempotency_key text not null,
      request_sha256 text not null,
      via text not null check (via in ('token','session')),
      token_id uuid references api_tokens(id),
      fonds_id uuid not null references fonds(id),
      category_id uuid not null references categories(id),
      run_id uuid references ingest_runs(id),
      status text not null check (status in ('checking','accepted','rejected','failed')),
      record_id uuid references records(id),
      http_status int,
      code text,
      receipt jsonb,
      failure text,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index archive_submissions_key_uq on archive_submissions(principal, idempotency_key);
    create index archive_submissions_created_idx on archive_submissions(created_at desc);
    create index archive_submissions_record_idx on archive_submissions(record_id) where record_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table archive_submissions, archive_settings`.execute(db);
}
