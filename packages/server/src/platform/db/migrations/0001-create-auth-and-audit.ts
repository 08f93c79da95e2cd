import { sql, type Kysely } from 'kysely';

// Accounts, sessions and API tokens (auth), and the append-only audit log with its SM3 hash chain.
// Roles are a text[] so the 三员分立 rule can be a CHECK: no account holds two of the three admin roles.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique check (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
      display_name text not null check (length(display_name) between 1 and 100),
      password_hash text not null,
      roles text[] not null default '{}',
      clearance text not null default 'public' check (clearance in ('public','internal','mimi','jimi','juemi')),
      fonds_scope text[] not null default '{}',
      failed_logins int not null default 0,
      locked_until timestamptz,
      must_change_password boolean not null default false,
      disabled boolean not null default false,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_separation_of_duties check (
        (('sysadmin' = any(roles))::int + ('secadmin' = any(roles))::int + ('auditor' = any(roles))::int) <= 1)
    );
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions(user_id);
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 100),
      prefix text not null,
      token_hash text not null unique,
      scopes text[] not null,
      fonds_scope text[] not null default '{}',
      owner_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create table audit_log (
      seq bigint primary key,
      at timestamptz(3) not null,
      actor_id uuid,
      actor_name text,
      actor_roles text[] not null default '{}',
      action text not null,
      outcome text not null check (outcome in ('success','denied','failure')),
      target_type text,
      target_id text,
      before_digest text,
      after_digest text,
      detail jsonb not null default '{}',
      request_id text,
      ip text,
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_at_idx on audit_log(at);
    create index audit_log_actor_idx on audit_log(actor_id, seq);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log; drop table api_tokens; drop table sessions; drop table users;`.execute(db);
}
