import { sql, type Kysely } from 'kysely';

// Catalogue import: an uploaded file (kept on disk under <dataDir>/imports/<id>) goes through
// uploaded → validating → validated → committing → committed (or failed). Validation writes row-level
// problems to import_errors (the first 10 000 kept, all of them counted on the import); the commit
// re-reads the file and inserts every row in one transaction, so nothing is ever half-imported.
// import_templates remembers the column mapping last used for a 门类.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table imports (
      id uuid primary key,
      fonds_id uuid not null references fonds(id),
      category_id uuid not null references categories(id),
      filename text not null check (length(filename) between 1 and 255),
      format text not null check (format in ('csv','xlsx')),
      size bigint not null check (size >= 0),
      encoding text not null,
      detected_encoding text not null,
      status text not null default 'uploaded' check (status in ('uploaded','validating','validated','committing','committed','failed')),
      mapping jsonb,
      keep_codes boolean not null default false,
      allow_suspect_text boolean not null default false,
      total_rows int not null default 0,
      error_rows int not null default 0,
      error_count int not null default 0,
      warning_count int not null default 0,
      committed_rows int not null default 0,
      validate_job_id uuid,
      commit_job_id uuid,
      failure jsonb,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index imports_category_idx on imports(category_id, created_at desc);
    create table import_errors (
      import_id uuid not null references imports(id) on delete cascade,
      seq int not null,
      row_no int not null,
      col text,
      field text,
      code text not null,
      severity text not null check (severity in ('error','warning')),
      message_zh text not null,
      message_en text not null,
      value text,
      primary key (import_id, seq)
    );
    create table import_templates (
      category_id uuid primary key references categories(id),
      mapping jsonb not null,
      keep_codes boolean not null default false,
      updated_by text not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table import_templates, import_errors, imports`.execute(db);
}
