import { sql, type Kysely } from 'kysely';

// Search scope tokens (platform/search/text.tokens.ts scopeTags): every indexed vector also carries, per sample
// level L the record is in, '~f:<fonds code>:bL' and, for records the public may see, '~p:bL', so a search's GIN
// scan keeps to the asker's scope and the heap is read only for permitted rows. New vectors get them from the
// indexer; this adds them to the vectors already stored (rows not yet indexed keep their placeholder vector).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update search_docs s set tsv = s.tsv || array_to_tsvector(array(
        select '~f:' || s.fonds_code || ':b' || l from generate_series(0, 10) l where l = 0 or s.rnd < 2147483648::float8 / 2 ^ l
        union all
        select '~p:b' || l from generate_series(0, 10) l
        where (l = 0 or s.rnd < 2147483648::float8 / 2 ^ l) and s.open_status = 'open' and s.security = 'public' and s.status = 'archived'))
    where s.tsv <> '''~b0'''::tsvector
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update search_docs s set tsv = ts_delete(s.tsv, array(select u.lexeme from unnest(s.tsv) u where u.lexeme like '~f:%' or u.lexeme like '~p:%'))
  `.execute(db);
}
