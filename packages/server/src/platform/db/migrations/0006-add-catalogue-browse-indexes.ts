import { sql, type Kysely } from 'kysely';

// Browsing 1,000,000 records (bench/catalogue.bench.ts) needs:
// - ordered indexes for the table's sorts, so a page is an index range scan, not a sort of the whole 门类;
// - record_class_counts, kept by statement-level triggers (transition tables: one aggregated upsert per
//   statement, so a 1,000-row insert costs one write per class, not 1,000), so the class tree and the exact
//   total of a class-filtered table never count rows. Only top-level records (not 件 inside a 卷) count.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index records_cat_code_idx on records(category_id, archival_code, id);
    -- Replaces records_browse_idx: same class prefix, but ordered like the table (by 档号), so a class page needs no sort.
    drop index records_browse_idx;
    create index records_class_code_idx on records(category_id, year, retention, org_code, archival_code, id);
    create index records_year_date_idx on records(category_id, year, doc_date, id);
    create index records_cat_date_idx on records(category_id, doc_date, id);
    create index records_cat_updated_idx on records(category_id, updated_at, id);
    create index records_fonds_code_idx on records(fonds_id, archival_code, id);

    create table record_class_counts (
      category_id uuid not null,
      year int not null,
      retention text not null,
      org_code text not null,
      security text not null,
      n bigint not null,
      primary key (category_id, year, retention, org_code, security)
    );
    insert into record_class_counts
      select category_id, year, retention, org_code, security, count(*) from records where parent_id is null group by 1, 2, 3, 4, 5;

    create function record_class_counts_add() returns trigger language plpgsql as $$
    begin
      insert into record_class_counts as c (category_id, year, retention, org_code, security, n)
        select category_id, year, retention, org_code, security, count(*) from new_rows where parent_id is null
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (category_id, year, retention, org_code, security) do update set n = c.n + excluded.n;
      return null;
    end $$;
    create function record_class_counts_remove() returns trigger language plpgsql as $$
    begin
      update record_class_counts c set n = c.n - d.k
        from (select category_id, year, retention, org_code, security, count(*) as k from old_rows where parent_id is null group by 1, 2, 3, 4, 5) d
        where c.category_id = d.category_id and c.year = d.year and c.retention = d.retention and c.org_code = d.org_code and c.security = d.security;
      return null;
    end $$;
    create trigger records_counts_ins after insert on records referencing new table as new_rows for each statement execute function record_class_counts_add();
    create trigger records_counts_del after delete on records referencing old table as old_rows for each statement execute function record_class_counts_remove();
    create trigger records_counts_upd_old after update on records referencing old table as old_rows for each statement execute function record_class_counts_remove();
    create trigger records_counts_upd_new after update on records referencing new table as new_rows for each statement execute function record_class_counts_add();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger records_counts_ins on records; drop trigger records_counts_del on records;
    drop trigger records_counts_upd_old on records; drop trigger records_counts_upd_new on records;
    drop function record_class_counts_add(); drop function record_class_counts_remove();
    drop table record_class_counts;
    create index records_browse_idx on records(category_id, year, retention, org_code, seq_no);
    drop index records_cat_code_idx, records_class_code_idx, records_year_date_idx, records_cat_date_idx, records_cat_updated_idx, records_fonds_code_idx;
  `.execute(db);
}
