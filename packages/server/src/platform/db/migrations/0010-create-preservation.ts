import { sql, type Kysely } from 'kysely';

// Bit preservation: PREMIS-shaped preservation events (append-only), storage locations with their
// media, the inventory of objects and of their copies per location, the policy, alerts for the
// archivist and incidents that stay open until a person resolves them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table preservation_events (
      id uuid primary key,
      event_type text not null check (event_type ~ '^[a-z][a-z -]{1,62}$'),
      event_at timestamptz not null default now(),
      object_sha256 text check (object_sha256 ~ '^[0-9a-f]{64}$'),
      record_id uuid,
      object_id text,
      location_id text,
      outcome text not null check (outcome in ('pass','fail','warning')),
      detail text not null default '',
      outcome_detail jsonb not null default '{}',
      agent_type text not null check (agent_type in ('software','person','organization')),
      agent_name text not null,
      agent_version text,
      agent_user_id uuid
    );
    create index preservation_events_at_idx on preservation_events(event_at desc);
    create index preservation_events_object_idx on preservation_events(object_sha256, event_at desc) where object_sha256 is not null;
    create index preservation_events_record_idx on preservation_events(record_id, event_at desc) where record_id is not null;
    create index preservation_events_type_idx on preservation_events(event_type, event_at desc);
    create index preservation_events_fail_idx on preservation_events(event_at desc) where outcome = 'fail';
    create rule preservation_events_no_update as on update to preservation_events do instead nothing;
    create rule preservation_events_no_delete as on delete to preservation_events do instead nothing;

    create table storage_locations (
      id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      name text not null check (length(name) between 1 and 100),
      kind text not null check (kind in ('primary','local','s3')),
      medium text not null check (medium in ('disk','object','offline')),
      state text not null default 'online' check (state in ('online','offline')),
      zone text not null default '',
      config jsonb not null default '{}',
      position int not null default 0,
      sweep_cursor text,
      sweep_cycle_started_at timestamptz,
      last_sweep_completed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index storage_locations_one_primary on storage_locations(kind) where kind = 'primary';
    insert into storage_locations(id, name, kind, medium, zone, position) values ('primary', 'Primary object store', 'primary', 'disk', 'site-1', 0);

    create table preservation_policy (
      id boolean primary key default true check (id),
      copies int not null default 2 check (copies between 1 and 9),
      media_types int not null default 2 check (media_types between 1 and 3),
      fixity_cycle_days int not null default 90 check (fixity_cycle_days between 1 and 3650),
      sweep_bytes_per_sec bigint not null default 52428800 check (sweep_bytes_per_sec > 0),
      updated_at timestamptz not null default now(),
      updated_by text
    );
    insert into preservation_policy(id) values (true);

    create table preservation_objects (
      sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint not null check (size >= 0),
      first_seen_at timestamptz not null default now()
    );
    create index preservation_objects_seen_idx on preservation_objects(first_seen_at);

    create table object_replicas (
      location_id text not null references storage_locations(id) on delete cascade,
      sha256 text not null references preservation_objects(sha256),
      state text not null check (state in ('pending','present','missing','corrupt')),
      attempts int not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      copied_at timestamptz,
      last_checked_at timestamptz,
      last_check_outcome text check (last_check_outcome in ('pass','fail')),
      updated_at timestamptz not null default now(),
      primary key (location_id, sha256)
    );
    create index object_replicas_todo_idx on object_replicas(next_attempt_at) where state <> 'present';
    create index object_replicas_sha_idx on object_replicas(sha256);

    create table preservation_alerts (
      id uuid primary key,
      kind text not null,
      severity text not null check (severity in ('info','warning','error')),
      object_sha256 text,
      location_id text,
      message text not null,
      detail jsonb not null default '{}',
      created_at timestamptz not null default now(),
      read_at timestamptz,
      read_by text
    );
    create index preservation_alerts_at_idx on preservation_alerts(created_at desc);

    create table preservation_incidents (
      id uuid primary key,
      kind text not null,
      state text not null default 'open' check (state in ('open','acknowledged','resolved')),
      object_sha256 text,
      location_id text,
      title text not null,
      detail jsonb not null default '{}',
      opened_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      occurrences int not null default 1,
      acknowledged_at timestamptz,
      acknowledged_by text,
      resolved_at timestamptz,
      resolved_by text,
      resolution text
    );
    create unique index preservation_incidents_one_live on preservation_incidents(kind, coalesce(object_sha256, ''), coalesce(location_id, '')) where state <> 'resolved';
    create index preservation_incidents_state_idx on preservation_incidents(state, opened_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table preservation_incidents, preservation_alerts, object_replicas, preservation_objects, preservation_policy, storage_locations, preservation_events`.execute(db);
}
