import { sql, type Kysely } from 'kysely';

// 1. Optimistic concurrency for scheme drafts: PUT /api/schemes/:id must name the edit_version it started from
//    (schemes.version is the scheme's own version number v1, v2 …, not an edit counter). Two archivists editing
//    one draft no longer overwrite each other: the second save gets 409 stale_version.
// 2. The record table sorted by 题名 within a 门类 (with any filter) walks this index instead of sorting every
//    matching row: 503 ms → see docs/BENCHMARKS.md at 1,000,000 records. Its import cost, measured with
//    bench/catalogue-index-cost.bench.ts (100k rows in one COPY): about +2% backend CPU and +9% WAL. A pg_trgm
//    GIN on title for substring filters was measured too and left out (+10% CPU, +25% WAL before its pending list
//    is even merged).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table schemes add column edit_version int not null default 1;
    create index records_cat_title_idx on records(category_id, title, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index records_cat_title_idx;
    alter table schemes drop column edit_version;
  `.execute(db);
}
