import { sql, type Kysely } from 'kysely';

// 移交接收 (issue #5 channel 3): an agency's 移交单 carries one or more uploaded packages; each check
// round runs one YJ-stage ingest run per package (transfer_runs keeps every round, so the reports of a
// returned round stay reachable). Every state change bumps `version` (optimistic concurrency). Each
// 移交接收登记表 PDF that was issued is a row of transfer_forms (content-addressed, never replaced).
// transfer_settings holds the HMAC-SM3 key that signs receipts and confirmations.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table transfer_settings (
      id int primary key check (id = 1),
      hmac_key bytea not null check (length(hmac_key) = 32),
      key_id text not null
    );
    create table transfer_counters (
      year int primary key,
      last_no int not null
    );
    create table transfers (
      id uuid primary key,
      number text not null unique,
      idempotency_key text not null,
      request_sm3 text not null,
      status text not null default 'draft' check (status in ('draft','submitted','checking','checked','accepting','accepted','returned','confirmed')),
      version int not null default 1,
      round int not null default 0,
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 2000),
      transferring_unit text not null check (length(transferring_unit) between 1 and 200),
      receiving_unit text not null check (length(receiving_unit) between 1 and 200),
      fonds_id uuid not null references fonds(id),
      category_id uuid not null references categories(id),
      year_from int not null check (year_from between 1000 and 9999),
      year_to int not null check (year_to between 1000 and 9999 and year_to >= year_from),
      declared_records int not null check (declared_records >= 0),
      declared_files int not null check (declared_files >= 0),
      declared_bytes bigint not null check (declared_bytes >= 0),
      defaults jsonb not null default '{}',
      return_reason text,
      failure text,
      accept_job_id uuid,
      created_records int not null default 0,
      created_by text not null,
      submitted_by text, submitted_at timestamptz,
      checked_at timestamptz,
      decided_by text, decided_at timestamptz,
      agency_confirmed_by text, agency_confirmed_at timestamptz, agency_signature text,
      archive_confirmed_by text, archive_confirmed_at timestamptz, archive_signature text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (created_by, idempotency_key)
    );
    create index transfers_status_idx on transfers(status, created_at desc);
    create index transfers_fonds_idx on transfers(fonds_id, created_at desc);
    create table transfer_packages (
      id uuid primary key,
      transfer_id uuid not null references transfers(id),
      upload_id uuid not null references ingest_uploads(id),
      filename text not null,
      size bigint not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      sm3 text not null check (sm3 ~ '^[0-9a-f]{64}$'),
      added_by text not null,
      added_at timestamptz not null default now(),
      detached_at timestamptz
    );
    create unique index transfer_packages_live_uq on transfer_packages(transfer_id, upload_id) where detached_at is null;
    create table transfer_runs (
      transfer_id uuid not null references transfers(id),
      round int not null,
      package_id uuid not null references transfer_packages(id),
      run_id uuid not null unique references ingest_runs(id),
      primary key (transfer_id, round, package_id)
    );
    create table transfer_forms (
      transfer_id uuid not null references transfers(id),
      seq int not null,
      stage text not null check (stage in ('accepted','agency','archive')),
      sha256 text not null,
      sm3 text not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      primary key (transfer_id, seq)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table transfer_forms, transfer_runs, transfer_packages, transfers, transfer_counters, transfer_settings`.execute(db);
}
