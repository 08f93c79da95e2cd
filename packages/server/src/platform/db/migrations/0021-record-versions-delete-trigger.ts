import { sql, type Kysely } from 'kysely';

// record_versions.record_id referenced records(id) ON DELETE CASCADE. The foreign key's check runs once per history
// row (a SELECT … FOR KEY SHARE on the record): in a 1,000,000-row import, whose every record gets its first version
// in the same transaction, that was ≈ 20% of PostgreSQL's CPU (43 of 213 µs per row, bench/catalogue-index-cost).
// History rows are only written by the catalogue code, in the transaction that writes the record they describe, so
// the check guarded nothing the code does not; the cascade stays, as a statement trigger on records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table record_versions drop constraint if exists record_versions_record_id_fkey;
    create function record_versions_cascade() returns trigger language plpgsql as $$
    begin
      delete from record_versions v using old_rows o where v.record_id = o.id;
      return null;
    end $$;
    create trigger record_versions_cascade after delete on records referencing old table as old_rows
      for each statement execute function record_versions_cascade();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger record_versions_cascade on records;
    drop function record_versions_cascade();
    alter table record_versions add constraint record_versions_record_id_fkey foreign key (record_id) references records(id) on delete cascade;
  `.execute(db);
}
