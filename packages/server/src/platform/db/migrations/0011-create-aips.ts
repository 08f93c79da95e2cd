import { sql, type Kysely } from 'kysely';

// Archival information packages (AIPs): one row per stored BagIt bag (a tar object in the
// content-addressed store). A record's AIP versions are numbered 1, 2, …; a new version is made
// only when the package's source fingerprint (record + items versions, file digests) changed, and
// old versions are never removed. Preservation copies made by normalization are kept beside their
// source file: one row per attempt outcome, so a failed conversion is evidence too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table aips (
      id uuid primary key default gen_random_uuid(),
      record_id uuid not null references records(id),
      version int not null check (version > 0),
      record_version int not null,
      source_fingerprint text not null check (source_fingerprint ~ '^[0-9a-f]{64}$'),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      sm3 text not null check (sm3 ~ '^[0-9a-f]{64}$'),
      size bigint not null check (size > 0),
      file_count int not null check (file_count >= 0),
      payload_oxum text not null,
      origin text not null default 'built' check (origin in ('built','imported')),
      created_by text not null,
      created_at timestamptz not null default now(),
      unique (record_id, version)
    );
    create index aips_sha_idx on aips(sha256);
    create rule aips_no_update as on update to aips do instead nothing;

    create table preservation_copies (
      id uuid primary key default gen_random_uuid(),
      source_file_id uuid not null references record_files(id),
      copy_file_id uuid references record_files(id),
      outcome text not null check (outcome in ('pass','fail')),
      target_format text not null,
      tool text not null,
      tool_version text not null,
      detail jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create unique index preservation_copies_one_done on preservation_copies(source_file_id, target_format) where outcome = 'pass';
    create index preservation_copies_source_idx on preservation_copies(source_file_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table preservation_copies, aips`.execute(db);
}
