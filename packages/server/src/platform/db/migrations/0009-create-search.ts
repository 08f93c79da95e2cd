import { sql, type Kysely } from 'kysely';

// Full-text search (platform/search, modules/search). search_docs is a narrow table per record: the
// filter, facet and display values (copied by statement-level triggers on records and record_files, in the
// same transaction as the change, so permission filters are never stale), a random key for sampling,
// and the tsvector built in Node (jieba + bigrams + 繁简 + pinyin). The triggers mark a row stale
// (stale_since, change_seq); the indexer recomputes its vector and clears the mark unless it changed again.
// record_file_texts caches extracted file text by content.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_docs (
      record_id uuid primary key,
      fonds_code text not null,
      category_code text not null,
      year int not null,
      retention text not null,
      security text not null,
      open_status text not null,
      status text not null,
      archival_code text not null,
      sort_date text not null,
      title text not null,
      responsible text not null,
      doc_number text not null,
      doc_date text not null,
      subjects text[] not null,
      file_formats text[] not null default '{}',
      rnd int not null default (random() * 2147483646)::int,
      tsv tsvector not null default '''~b0''',
      content text not null default '',
      change_seq bigint not null default 1,
      changed_at timestamptz not null default now(),
      stale_since timestamptz default now()
    );
    create index search_docs_tsv_idx on search_docs using gin (tsv);
    create index search_docs_stale_idx on search_docs (stale_since) where stale_since is not null;
    create index search_docs_code_idx on search_docs (archival_code, record_id);
    create index search_docs_date_idx on search_docs (sort_date, record_id);
    create table record_file_texts (
      sha256 text primary key,
      method text not null,
      text text not null,
      extracted_at timestamptz not null default now()
    );

    create function search_docs_upsert() returns trigger language plpgsql as $$
    begin
      insert into search_docs as s (record_id, fonds_code, category_code, year, retention, security, open_status, status, archival_code, sort_date,
        title, responsible, doc_number, doc_date, subjects)
      select n.id, f.code, c.code, n.year, n.retention, n.security, n.open_status, n.status, n.archival_code,
             case when n.doc_date <> '' then n.doc_date else n.year::text || '0000' end,
             n.title, n.responsible, n.doc_number, n.doc_date, n.subjects
      from new_rows n join fonds f on f.id = n.fonds_id join categories c on c.id = n.category_id
      on conflict (record_id) do update set fonds_code = excluded.fonds_code, category_code = excluded.category_code,
        year = excluded.year, retention = excluded.retention, security = excluded.security, open_status = excluded.open_status,
        status = excluded.status, archival_code = excluded.archival_code, sort_date = excluded.sort_date,
        title = excluded.title, responsible = excluded.responsible, doc_number = excluded.doc_number,
        doc_date = excluded.doc_date, subjects = excluded.subjects,
        change_seq = s.change_seq + 1, changed_at = now(), stale_since = coalesce(s.stale_since, now());
      return null;
    end $$;
    create function search_docs_delete() returns trigger language plpgsql as $$
    begin
      delete from search_docs s using old_rows o where s.record_id = o.id;
      return null;
    end $$;
    create function search_docs_files() returns trigger language plpgsql as $$
    begin
      update search_docs s set file_formats = coalesce((
          select array_agg(distinct lower(substring(f.filename from '\\.([A-Za-z0-9]{1,10})$'))) filter (where f.filename ~ '\\.[A-Za-z0-9]{1,10}$')
          from record_files f where f.record_id = s.record_id), '{}'),
        change_seq = s.change_seq + 1, changed_at = now(), stale_since = coalesce(s.stale_since, now())
      where s.record_id in (select record_id from changed_rows);
      return null;
    end $$;
    create trigger search_records_ins after insert on records referencing new table as new_rows for each statement execute function search_docs_upsert();
    create trigger search_records_upd after update on records referencing new table as new_rows for each statement execute function search_docs_upsert();
    create trigger search_records_del after delete on records referencing old table as old_rows for each statement execute function search_docs_delete();
    create trigger search_files_ins after insert on record_files referencing new table as changed_rows for each statement execute function search_docs_files();
    create trigger search_files_del after delete on record_files referencing old table as changed_rows for each statement execute function search_docs_files();
    create trigger search_files_upd after update on record_files referencing new table as changed_rows for each statement execute function search_docs_files();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger search_records_ins on records; drop trigger search_records_upd on records; drop trigger search_records_del on records;
    drop trigger search_files_ins on record_files; drop trigger search_files_del on record_files; drop trigger search_files_upd on record_files;
    drop function search_docs_upsert(), search_docs_delete(), search_docs_files();
    drop table search_docs, record_file_texts;
  `.execute(db);
}
