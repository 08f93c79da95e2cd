import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { normalize, runs } from '../../platform/search/text.normalize.ts';
import { quoteLexeme, SUFFIX_TAG, UNINDEXED_TAG } from '../../platform/search/text.tokens.ts';

/**
 * The record table's free-text filter (q: a substring of 题名, 档号, 文号 or 责任者) answered from the search index
 * when that is exact, instead of a LIKE over every row of the 门类 (≈ 2 s at 1,000,000 records for a rare q).
 *
 * A record's search vector (platform/search/text.tokens.ts) holds, for each of those four fields, every bigram of
 * every Han run (the last character alone too), every other letter/digit run whole, and every suffix (two characters
 * or more) of such a run as a tag '~s:<suffix>', all of it normalized one character at a time. So if a field contains
 * q, then:
 *  - every bigram inside a Han run of normalize(q) is in the vector, and a Han run of one character is a prefix of
 *    one of its lexemes;
 *  - an ASCII letter/digit run of normalize(q) with a character of q on both sides is the document's whole run, so
 *    it is a lexeme; one with a character of q only before it begins the document's run (a prefix of a lexeme); one
 *    with a character only after it ends the document's run (a suffix tag); and a q that is one run alone lies
 *    anywhere in the document's run (a prefix of a suffix tag); a lone character gives nothing in those last two cases.
 * A document run over 60 characters has no lexeme and no suffix tags: its vector carries '~s!' instead, and such
 * records are candidates wherever an edge run's lexeme is used. These lexemes, ANDed, are a necessary condition; the LIKE still decides. Rows whose
 * vector is not current yet (stale_since set: changed since the indexer last ran) are candidates too.
 *
 * Returns the candidate record ids, or null when the index cannot help: no usable lexeme, too many stale rows
 * (right after a bulk import), or a q so common that the ordered scan with LIKE finds a page sooner.
 */
export const CANDIDATE_CAP = 5_000;
const STALE_CAP = 2_000;

/** `edge`: from a letter/digit run at an edge of q, which a document run over 60 characters would not answer for. */
type Lexeme = { text: string; prefix: boolean; edge?: boolean };
function lexemesOf(q: string): Lexeme[] {
  const norm = normalize(q);
  const out = new Map<string, Lexeme>();
  const put = (text: string, prefix = false, edge = false) => out.set(`${text}${prefix ? ':*' : ''}`, { text, prefix, edge });
  for (const r of runs(norm)) {
    if (r.kind === 'han') {
      const chars = [...r.text];
      if (chars.length === 1) put(chars[0]!, true);
      for (let k = 0; k < chars.length - 1; k++) put(chars[k]! + chars[k + 1]!);
      continue;
    }
    if (!/^[a-z0-9]{1,60}$/.test(r.text)) continue;
    const before = r.start > 0, after = r.start + r.text.length < norm.length;
    if (before && after) put(r.text);
    else if (before) put(r.text, true, true);
    else if (r.text.length >= 2) put(SUFFIX_TAG + r.text, !after, true);
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
  const all = lexemes.map(tsqueryTerm).join(' & ');
  const tsq = lexemes.some((l) => l.edge) ? `(${all}) | ${quoteLexeme(UNINDEXED_TAG)}` : all;
  const hits = await sql<{ id: string }>`select record_id id from search_docs where tsv @@ ${tsq}::tsquery limit ${CANDIDATE_CAP + 1}`.execute(db);
  if (hits.rows.length > CANDIDATE_CAP) return null;
  return [...new Set([...hits.rows, ...stale.rows].map((r) => r.id))];
}
