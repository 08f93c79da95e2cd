import { sql, type Kysely } from 'kysely';

// 开放审核 and the public portal.
// open_review_rules: per 门类, how many years after formation records fall due (档案法 Art.27: 25, fewer for
//   经济/教育/科技/文化 classes) and whether the 移交单位 (records_officer of the fonds) co-reviews (Art.30).
// sensitive_terms: the managed 敏感词 list used by the machine pre-screen.
// open_reviews: one review round of one record: initial (初审) → co_review (移交单位, if configured) →
//   final (复审) → decided; the machine pre-screen hits are kept with it. A record has at most one open round.
// open_review_opinions: every stage's decision and reason, the evidence of the review (append-only).
// portal_records: what the public portal shows — a published copy of the public fields (redaction applied).
//   The portal reads only this table, so an unopened record cannot leak through it.
// open_publications: each publication of the 开放目录 (batch number, count).
// portal_notices: notices the archivist publishes on the portal (plain text, rendered as text).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open_review_rules (
      category_id uuid primary key references categories(id),
      open_after_years int not null default 25 check (open_after_years between 0 and 100),
      co_review boolean not null default false,
      updated_by text not null,
      updated_at timestamptz not null default now()
    );
    create table sensitive_terms (
      id uuid primary key default gen_random_uuid(),
      term text not null unique check (length(term) between 1 and 100),
      category text not null check (category in ('state_secret','personal','political','ethnic_religious','commercial','other')),
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create table open_reviews (
      id uuid primary key default gen_random_uuid(),
      record_id uuid not null references records(id),
      fonds_id uuid not null references fonds(id),
      stage text not null default 'initial' check (stage in ('initial','co_review','final','decided')),
      due_year int not null,
      hits jsonb not null default '[]',
      hit_count int not null default 0,
      decision text check (decision in ('open','closed','redacted')),
      defer_years int check (defer_years between 1 and 100),
      redaction jsonb,
      published_at timestamptz,
      version int not null default 1,
      created_at timestamptz not null default now(),
      decided_at timestamptz
    );
    create unique index open_reviews_active_uq on open_reviews(record_id) where stage <> 'decided';
    create index open_reviews_stage_idx on open_reviews(stage, fonds_id);
    create table open_review_opinions (
      id bigserial primary key,
      review_id uuid not null references open_reviews(id),
      stage text not null check (stage in ('initial','co_review','final')),
      actor text not null,
      decision text not null check (decision in ('open','closed','redacted')),
      reason text not null check (length(reason) between 1 and 2000),
      defer_years int,
      redaction jsonb,
      at timestamptz not null default now()
    );
    create index open_review_opinions_review_idx on open_review_opinions(review_id);
    create table open_publications (
      id uuid primary key default gen_random_uuid(),
      batch_no text not null unique,
      count int not null,
      published_by text not null,
      published_at timestamptz not null default now()
    );
    create table portal_records (
      record_id uuid primary key references records(id),
      publication_id uuid not null references open_publications(id),
      fonds_code text not null,
      fonds_name text not null,
      category_name text not null,
      archival_code text not null,
      title text not null,
      responsible text not null,
      doc_number text not null,
      doc_date text not null,
      year int not null,
      pages int,
      redacted boolean not null default false,
      file_ids uuid[] not null default '{}',
      published_at timestamptz not null default now()
    );
    create index portal_records_title_trgm on portal_records using gin (title gin_trgm_ops);
    create index portal_records_year_idx on portal_records(year desc, archival_code);
    create table portal_notices (
      id uuid primary key default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      body text not null check (length(body) <= 20000),
      published boolean not null default false,
      version int not null default 1,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table portal_notices, portal_records, open_publications, open_review_opinions, open_reviews, sensitive_terms, open_review_rules`.execute(db);
}
