import { sql, type Kysely } from 'kysely';

// Package intake and 四性检测 (DA/T 70). An upload arrives in chunks into <dataDir>/ingest/uploads/<id>.part
// (open → complete); a run extracts it, runs the ordered checks and stores its report immutably (JSON
// and PDF as storage objects, digests here); an archivist then accepts it (records + files in one
// transaction, linked through ingest_run_records) or rejects it (nothing changes, the report stays).
// ingest_configs keeps every version of the per-stage check configuration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ingest_uploads (
      id uuid primary key,
      idempotency_key text not null,
      filename text not null check (length(filename) between 1 and 255),
      size bigint not null check (size > 0),
      sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
      received bigint not null default 0 check (received >= 0 and received <= size),
      status text not null default 'open' check (status in ('open','complete','aborted')),
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (created_by, idempotency_key)
    );
    create table ingest_configs (
      stage text not null check (stage in ('GD','YJ','CQ')),
      version int not null check (version >= 1),
      items jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      primary key (stage, version)
    );
    create table ingest_runs (
      id uuid primary key,
      upload_id uuid references ingest_uploads(id),
      idempotency_key text,
      fonds_id uuid not null references fonds(id),
      category_id uuid not null references categories(id),
      stage text not null check (stage in ('GD','YJ','CQ')),
      status text not null default 'queued' check (status in ('queued','running','checked','accepting','accepted','rejected','failed')),
      verdict text check (verdict in ('pass','warning','fail')),
      layout text check (layout in ('bagit','eep','transfer2012','api','folder')),
      filename text not null,
      package_sha256 text,
      defaults jsonb not null default '{}',
      config_version int not null default 0,
      record_count int not null default 0,
      file_count int not null default 0,
      total_bytes bigint not null default 0,
      counts jsonb not null default '{"pass":0,"fail":0,"warning":0,"skipped":0}',
      job_id uuid,
      accept_job_id uuid,
      report_sha256 text,
      report_sm3 text,
      report_pdf_sha256 text,
      decided_by text,
      decided_at timestamptz,
      decision_reason text,
      failure text,
      created_records int not null default 0,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index ingest_runs_idem_uq on ingest_runs(created_by, idempotency_key) where idempotency_key is not null;
    create index ingest_runs_created_idx on ingest_runs(created_at desc);
    create index ingest_runs_category_idx on ingest_runs(category_id, created_at desc);
    create table ingest_run_items (
      run_id uuid not null references ingest_runs(id) on delete cascade,
      seq int not null,
      check_id text not null,
      code text not null,
      property text not null,
      outcome text not null check (outcome in ('pass','fail','warning','skipped')),
      subject text,
      message_zh text not null,
      message_en text not null,
      evidence jsonb not null default '{}',
      primary key (run_id, seq)
    );
    create table ingest_run_records (
      record_id uuid primary key references records(id),
      run_id uuid not null references ingest_runs(id),
      package_key text not null
    );
    create index ingest_run_records_run_idx on ingest_run_records(run_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ingest_run_records, ingest_run_items, ingest_runs, ingest_configs, ingest_uploads`.execute(db);
}
