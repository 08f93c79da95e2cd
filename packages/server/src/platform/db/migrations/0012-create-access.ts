import { sql, type Kysely } from 'kysely';

// 利用 (查档/借阅). A request belongs to a reader account (网上), a walk-in reader registered by an
// archivist (窗口), or a portal visitor holding a tracking code (portal, only its digest is kept).
// The approval flow is configuration (access_settings.flow); each request keeps a snapshot of the steps
// it runs through, so changing the flow never moves a request in flight. Decisions are evidence: rows
// are only ever inserted. Deliveries are time-limited; every view, download and certificate print
// is an access_events row (and an audit row). Numbers (CD-2026-000123, CZ-… for certificates) come
// from access_counters, updated inside the creating transaction: no duplicates, no gaps on rollback.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table access_settings (
      id int primary key check (id = 1),
      flow jsonb not null,
      hmac_key bytea not null check (length(hmac_key) = 32),
      updated_by text not null,
      updated_at timestamptz not null default now()
    );
    create table access_counters (
      kind text not null check (kind in ('CD','CZ')),
      year int not null,
      last_no int not null,
      primary key (kind, year)
    );
    create table access_requests (
      id uuid primary key,
      number text not null unique,
      channel text not null check (channel in ('online','window','portal')),
      status text not null default 'reviewing' check (status in ('reviewing','approved','rejected','withdrawn')),
      purpose text not null check (purpose in ('marriage','education','employment','property','work','research','other')),
      purpose_detail text not null default '' check (length(purpose_detail) <= 500),
      content text not null check (length(content) between 1 and 2000),
      preferred_mode text not null check (preferred_mode in ('view','download','certified')),
      reader_user_id uuid references users(id),
      applicant_name text not null check (length(applicant_name) between 1 and 100),
      id_type text not null check (id_type in ('resident_id','passport','other')),
      id_no text not null check (length(id_no) <= 40),
      phone text not null default '' check (length(phone) <= 30),
      tracking_digest text,
      requested_record_ids uuid[] not null default '{}',
      steps jsonb not null,
      current_step int not null default 0,
      submit_ip text not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      decided_at timestamptz
    );
    create index access_requests_created_idx on access_requests(created_at);
    create index access_requests_reader_idx on access_requests(reader_user_id, created_at desc);
    create index access_requests_ip_idx on access_requests(submit_ip, created_at);
    create index access_requests_status_idx on access_requests(status, created_at desc);
    create table access_request_items (
      request_id uuid not null references access_requests(id),
      record_id uuid not null references records(id),
      primary key (request_id, record_id)
    );
    create table access_decisions (
      id bigint generated always as identity primary key,
      request_id uuid not null references access_requests(id),
      step_index int not null,
      step_key text not null,
      decision text not null check (decision in ('approve','reject')),
      reason text not null default '' check (length(reason) <= 1000),
      actor_id uuid not null references users(id),
      actor text not null,
      at timestamptz not null default now(),
      unique (request_id, step_index)
    );
    create table access_deliveries (
      id uuid primary key,
      request_id uuid not null references access_requests(id),
      mode text not null check (mode in ('view','download','certified')),
      expires_at timestamptz not null,
      certificate_no text unique,
      mark_id text not null check (mark_id ~ '^[0-9a-f]{16}$'),
      revoked_at timestamptz,
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create index access_deliveries_request_idx on access_deliveries(request_id);
    create index access_deliveries_created_idx on access_deliveries(created_at);
    create table access_events (
      id bigint generated always as identity primary key,
      delivery_id uuid not null references access_deliveries(id),
      kind text not null check (kind in ('view','download','certificate')),
      record_id uuid,
      file_id uuid,
      page int,
      actor text not null,
      ip text not null,
      at timestamptz not null default now()
    );
    create index access_events_delivery_idx on access_events(delivery_id, at);
    create index access_events_at_idx on access_events(at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table access_events, access_deliveries, access_decisions, access_request_items, access_requests, access_counters, access_settings`.execute(db);
}
