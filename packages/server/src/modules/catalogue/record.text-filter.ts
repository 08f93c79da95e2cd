import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { normalize, runs } from '../../platform/search/text.normalize.ts';
import { quoteLexeme } from '../../platform/search/text.tokens.ts';

/**
 * The record table's free-text filter (q: a substring of 题名, 档号, 文号 or 责任者) answered from the search index
 * when that is exact, instead of a LIKE over every row of the 门类 (≈ 2 s at 1,000,000 records for a rare q).
 *
 * A record's search vector (platform/search/text.tokens.ts) holds, for each of those four fields, every bigram of
 * every Han run (the last character alone too) and every other letter/digit run whole, all of it normalized one
 * character at a time. So if a field contains q, then:
 *  - every bigram inside a Han run of normalize(q) is in the vector, and a Han run of one character is a prefix of
 *    one of its lexemes;
 *  - an ASCII letter/digit run of normalize(q) with a character of q on both sides is the document's whole run, so
 *    it is a lexeme (runs over 60 characters are not indexed and are left out; so is a run at either end of q, which
 *    may be part of a longer run in the document).
 * These lexemes, ANDed, are a necessary condition; the LIKE still decides. Rows whose vector is not current yet
 * (stale_since set: changed since the indexer last ran) are added to the candidates unconditionally.
 *
 * Returns the candidate record ids, or null when the index cannot help: no usable lexeme, too many stale rows
 * (right after a bulk import), or a q so common that the ordered scan with LIKE finds a page sooner.
 */
export const CANDIDATE_CAP = 5_000;
const STALE_CAP = 2_000;

type Lexeme = { text: string; prefix: boolean };
function lexemesOf(q: string): Lexeme[] {
  const norm = normalize(q);
  const out = new Map<string, Lexeme>();
  const put = (text: string, prefix = false) => out.set(`${text}${prefix ? ':*' : ''}`, { text, prefix });
  for (const r of runs(norm)) {
    if (r.kind === 'han') {
      const chars = [...r.text];
      if (chars.length === 1) put(chars[0]!, true);
      for (let k = 0; k < chars.length - 1; k++) put(chars[k]! + chars[k + 1]!);
      continue;
    }
    const inner = r.start > 0 && r.start + r.text.length < norm.length;
    if (inner && /^[a-z0-9]{1,60}$/.test(r.text)) put(r.text);
  }
  return [...out.values()];
}
const tsqueryTerm = (l: Lexeme) => `${quoteLexeme(l.text)}${l.prefix ? ':*' : ''}`;
export const textLexemes = (q: string) => lexemesOf(q).map(tsqueryTerm);

/** ANALYZE's most common lexemes of search_docs.tsv and their row fractions (pg_stats), kept a minute. */
export interface LexemeStats { rows: number; freq: Map<string, number>; floor: number }
const cache = new WeakMap<Db, { at: number; value: LexemeStats | null }>();
async function lexemeStats(db: Db): Promise<LexemeStats | null> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < 60_000) return hit.value;
  const r = await sql<{ e: string[] | null; f: number[] | null; rows: number }>`
    select s.most_common_elems::text::text[] e, s.most_common_elem_freqs f, c.reltuples::float8 rows
    from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'search_docs' and s.attname = 'tsv'
    where c.oid = 'search_docs'::regclass`.execute(db);
  const row = r.rows[0];
  let value: LexemeStats | null = null;
  if (row?.e && row.f && row.rows > 0) {
    const freq = new Map(row.e.map((x, i) => [x, row.f![i]!]));
    value = { rows: row.rows, freq, floor: row.f[row.e.length] ?? 0 }; // after the elements: their minimum frequency
  }
  cache.set(db, { at: Date.now(), value });
  return value;
}

/**
 * At most how many rows can match all the lexemes: the rarest one's count. A lexeme ANALYZE did not list is rarer
 * than the least common one it did; a prefix matches the listed lexemes it begins (and unlisted ones).
 */
export function matchBound(lexemes: Lexeme[], st: LexemeStats): number {
  let best = Infinity;
  for (const l of lexemes) {
    let f: number;
    if (l.prefix) {
      f = st.floor;
      for (const [k, v] of st.freq) if (k.startsWith(l.text)) f += v;
    } else f = st.freq.get(l.text) ?? st.floor;
    best = Math.min(best, f * st.rows);
  }
  return best;
}

export async function textCandidates(db: Db, q: string): Promise<string[] | null> {
  const lexemes = lexemesOf(q);
  if (!lexemes.length) return null;
  // A q every lexeme of which is common (安全生产: one row in six) is left to the ordered scan, which finds a page of
  // matches in the first rows it reads; probing the index first only added its cost.
  const st = await lexemeStats(db);
  if (st && matchBound(lexemes, st) > CANDIDATE_CAP * 2) return null;
  const stale = await sql<{ id: string }>`select record_id id from search_docs where stale_since is not null limit ${STALE_CAP + 1}`.execute(db);
  if (stale.rows.length > STALE_CAP) return null;
  const tsq = lexemes.map(tsqueryTerm).join(' & ');
  const hits = await sql<{ id: string }>`select record_id id from search_docs where tsv @@ ${tsq}::tsquery limit ${CANDIDATE_CAP + 1}`.execute(db);
  if (hits.rows.length > CANDIDATE_CAP) return null;
  return [...new Set([...hits.rows, ...stale.rows].map((r) => r.id))];
}
