import { sql, type Kysely } from 'kysely';

// The 题名 sort index of 0016 was on the whole title: a B-tree entry holds at most 2,704 bytes, and a title may have
// 1,000 characters (3,000 bytes of UTF-8), so such a record could not be saved ("index row size exceeds maximum").
// The record table now sorts by the first 300 characters of 题名, then id (modules/catalogue/record.cursor.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists records_cat_title_idx;
    create index records_cat_title_idx on records (category_id, left(title, 300), id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists records_cat_title_idx;
    create index records_cat_title_idx on records (category_id, title, id);
  `.execute(db);
}
