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

export function textLexemes(q: string): string[] {
  const norm = normalize(q);
  const out = new Set<string>();
  for (const r of runs(norm)) {
    if (r.kind === 'han') {
      const chars = [...r.text];
      if (chars.length === 1) out.add(`${quoteLexeme(chars[0]!)}:*`);
      for (let k = 0; k < chars.length - 1; k++) out.add(quoteLexeme(chars[k]! + chars[k + 1]!));
      continue;
    }
    const inner = r.start > 0 && r.start + r.text.length < norm.length;
    if (inner && /^[a-z0-9]{1,60}$/.test(r.text)) out.add(quoteLexeme(r.text));
  }
  return [...out];
}

export async function textCandidates(db: Db, q: string): Promise<string[] | null> {
  const lexemes = textLexemes(q);
  if (!lexemes.length) return null;
  const stale = await sql<{ id: string }>`select record_id id from search_docs where stale_since is not null limit ${STALE_CAP + 1}`.execute(db);
  if (stale.rows.length > STALE_CAP) return null;
  const hits = await sql<{ id: string }>`select record_id id from search_docs where tsv @@ ${lexemes.join(' & ')}::tsquery limit ${CANDIDATE_CAP + 1}`.execute(db);
  if (hits.rows.length > CANDIDATE_CAP) return null;
  return [...new Set([...hits.rows, ...stale.rows].map((r) => r.id))];
}
