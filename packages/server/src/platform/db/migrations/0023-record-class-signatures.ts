import { sql, type Kysely } from 'kysely';

// A text signature per lowest class (modules/catalogue/class-sig.*): a Bloom filter of the pieces of 题名, 档号, 文号
// and 责任者 of the class's records, so the record table's q filter can skip the classes that cannot hold a match
// (a frequent q whose matches lie late in 档号 order read ≈ 700,000 rows first at 1,000,000 records).
// Statement-level triggers mark a class dirty (and bump its version) in the same transaction as any insert, or any
// update of those fields or of the class, so a dirty class is always scanned; the worker rebuilds dirty classes
// from their records and clears the mark only when the version it read is still current. Deletes leave the
// signature a superset, which is still right (0024 marks them dirty too); so are the class's first and last 档号 kept with it (min_code, max_code),
// by which the table puts classes in 档号 order without reading their records. The insert trigger fires in every replication role, like the other
// derived-table triggers (0021), so the import's fast path keeps it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table record_class_sigs (
      category_id uuid not null,
      year int not null,
      retention text not null,
      org_code text not null,
      version bigint not null default 1,
      dirty boolean not null default true,
      records int not null default 0,
      built_at timestamptz,
      primary key (category_id, year, retention, org_code)
    );
    create table record_class_blocks (
      category_id uuid not null,
      year int not null,
      retention text not null,
      org_code text not null,
      block_no int not null,
      version bigint not null,
      min_code text not null,
      max_code text not null,
      sig bytea not null,
      nbits int not null,
      hashes int not null,
      pieces int not null,
      primary key (category_id, year, retention, org_code, block_no)
    );
    create index record_class_sigs_dirty_idx on record_class_sigs (version) where dirty;
    insert into record_class_sigs (category_id, year, retention, org_code)
      select distinct category_id, year, retention, org_code from records;

    create function record_class_sigs_touch() returns trigger language plpgsql as $$
    begin
      insert into record_class_sigs as s (category_id, year, retention, org_code)
        select distinct category_id, year, retention, org_code from new_rows order by 1, 2, 3, 4
      on conflict (category_id, year, retention, org_code) do update set version = s.version + 1, dirty = true;
      return null;
    end $$;
    create function record_class_sigs_touch_changed() returns trigger language plpgsql as $$
    begin
      insert into record_class_sigs as s (category_id, year, retention, org_code)
        select distinct n.category_id, n.year, n.retention, n.org_code from new_rows n join old_rows o on o.id = n.id
        where (n.title, n.archival_code, n.doc_number, n.responsible, n.category_id, n.year, n.retention, n.org_code)
          is distinct from (o.title, o.archival_code, o.doc_number, o.responsible, o.category_id, o.year, o.retention, o.org_code)
        order by 1, 2, 3, 4
      on conflict (category_id, year, retention, org_code) do update set version = s.version + 1, dirty = true;
      return null;
    end $$;
    create trigger records_class_sigs_ins after insert on records referencing new table as new_rows
      for each statement execute function record_class_sigs_touch();
    create trigger records_class_sigs_upd after update on records referencing old table as old_rows new table as new_rows
      for each statement execute function record_class_sigs_touch_changed();
    alter table records enable always trigger records_class_sigs_ins;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger records_class_sigs_ins on records; drop trigger records_class_sigs_upd on records;
    drop function record_class_sigs_touch(), record_class_sigs_touch_changed();
    drop table record_class_sigs, record_class_blocks;
  `.execute(db);
}
