import { sql, type Kysely } from 'kysely';

// The 档号 prefix every record of a class shares (record_class_sigs.code_prefix, set with `records` when the worker
// rebuilds the class): a q inside it matches the whole class, so a frequent q's capped count can be answered from
// these rows instead of scanning (a year typed alone matches every record of that year's classes). `records` is then
// a count that must stay exact, so a delete now marks its classes dirty too (0023 let deletes leave the signature a
// superset). The deleted rows are handed to 0023's function under the transition table name it reads. Built rows are
// marked dirty here so the worker fills in their prefix.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table record_class_sigs add column code_prefix text;
    update record_class_sigs set dirty = true, version = version + 1 where not dirty;
    create trigger records_class_sigs_del after delete on records referencing old table as new_rows
      for each statement execute function record_class_sigs_touch();
    alter table records enable always trigger records_class_sigs_del;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger records_class_sigs_del on records; alter table record_class_sigs drop column code_prefix;`.execute(db);
}
