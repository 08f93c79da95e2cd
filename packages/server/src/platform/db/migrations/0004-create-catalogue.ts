import { sql, type Kysely } from 'kysely';

// The catalogue: 全宗 → 门类 → versioned 三合一 scheme → records (件, or 卷 holding 件).
// A record keeps the scheme version it was numbered under (scheme_id) and its 档号 never changes
// once fixed (status 'archived'); drafts may be renumbered through an audited operation.
// item_counters hands out 件号/案卷号 per lowest class: the counter row is updated inside the
// record's own transaction, so concurrent archiving never duplicates a number and a failed
// transaction leaves no gap.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create table fonds (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[0-9A-Z]{4}$'),
      name text not null check (length(name) between 1 and 200),
      agency text not null check (length(agency) between 1 and 200),
      start_year int check (start_year between 1000 and 2999),
      end_year int check (end_year between 1000 and 2999),
      description text not null default '' check (length(description) <= 20000),
      history text not null default '' check (length(history) <= 50000),
      archived boolean not null default false,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_year is null or start_year is null or end_year >= start_year)
    );
    create table categories (
      id uuid primary key default gen_random_uuid(),
      fonds_id uuid not null references fonds(id),
      code text not null check (code ~ '^[A-Z]{2}(·[0-9A-Z]{1,4})?$'),
      name text not null check (length(name) between 1 and 100),
      mode text not null check (mode in ('item','volume')),
      extra_fields jsonb not null default '[]',
      version int not null default 1,
      created_at timestamptz not null default now(),
      unique (fonds_id, code)
    );
    create table schemes (
      id uuid primary key default gen_random_uuid(),
      category_id uuid not null references categories(id),
      version int not null,
      status text not null check (status in ('draft','approved','retired')),
      body jsonb not null,
      note text not null default '',
      created_by text not null,
      created_at timestamptz not null default now(),
      approved_by text,
      approved_at timestamptz,
      unique (category_id, version)
    );
    create unique index schemes_one_draft on schemes(category_id) where status = 'draft';
    create table records (
      id uuid primary key default gen_random_uuid(),
      fonds_id uuid not null references fonds(id),
      category_id uuid not null references categories(id),
      scheme_id uuid not null references schemes(id),
      kind text not null check (kind in ('item','volume')),
      parent_id uuid references records(id),
      status text not null default 'draft' check (status in ('draft','archived')),
      archival_code text not null,
      counter_key text not null,
      seq_no int not null check (seq_no > 0),
      title text not null check (length(title) between 1 and 1000),
      responsible text not null default '' check (length(responsible) <= 500),
      doc_number text not null default '' check (length(doc_number) <= 200),
      doc_date text not null default '' check (doc_date = '' or doc_date ~ '^\\d{8}$'),
      year int not null check (year between 1000 and 2999),
      retention text not null check (retention in ('Y','D30','D10','C','D')),
      org_code text not null default '' check (org_code ~ '^[0-9A-Z]{0,6}$'),
      catalogue_no text not null default '',
      security text not null default 'public' check (security in ('public','internal','mimi','jimi','juemi')),
      secrecy_period text not null default '' check (length(secrecy_period) <= 50),
      pages int check (pages >= 0),
      open_status text not null default 'unreviewed' check (open_status in ('unreviewed','open','controlled','deferred')),
      remarks text not null default '' check (length(remarks) <= 5000),
      subjects text[] not null default '{}',
      scope_code text not null default '',
      extra jsonb not null default '{}',
      version int not null default 1,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create unique index records_code_uq on records(fonds_id, archival_code);
    create unique index records_counter_uq on records(counter_key, seq_no);
    create index records_browse_idx on records(category_id, year, retention, org_code, seq_no);
    create index records_parent_idx on records(parent_id) where parent_id is not null;
    create index records_code_trgm on records using gin (archival_code gin_trgm_ops);
    create table item_counters (
      counter_key text primary key,
      last_no int not null default 0
    );
    create table record_versions (
      id bigserial primary key,
      record_id uuid not null references records(id) on delete cascade,
      version int not null,
      action text not null,
      actor text not null,
      at timestamptz not null default now(),
      data jsonb not null,
      unique (record_id, version)
    );
    -- Electronic files of a record (DESIGN.md 'component'): bytes live in the content-addressed store.
    create table record_files (
      id uuid primary key default gen_random_uuid(),
      record_id uuid not null references records(id),
      role text not null default 'original' check (role in ('original','preservation','access')),
      filename text not null check (length(filename) between 1 and 255),
      mime text not null,
      size bigint not null check (size >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      sm3 text not null check (sm3 ~ '^[0-9a-f]{64}$'),
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create index record_files_record_idx on record_files(record_id);
    create index record_files_sha_idx on record_files(sha256);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table record_files, record_versions, item_counters, records, schemes, categories, fonds`.execute(db);
}
