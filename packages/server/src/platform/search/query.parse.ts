import type { ParsedQuery, SearchField } from './search.port.ts';
import { normalize, runs } from './text.normalize.ts';
import { quoteLexeme, segmenter } from './text.tokens.ts';

const FIELD_NAMES: Record<string, SearchField> = {
  题名: 'title', 标题: 'title', title: 'title', 主题词: 'subjects', 关键词: 'subjects', subjects: 'subjects', subject: 'subjects',
  责任者: 'responsible', responsible: 'responsible', 文号: 'docNumber', docnumber: 'docNumber', 档号: 'archivalCode', archivalcode: 'archivalCode',
  全文: 'content', content: 'content', 正文: 'content',
};
/** Which tsvector weights a field's words are stored under (题名 A, 主题词 B, 责任者/文号/档号 C, file text and other D). */
const FIELD_WEIGHTS: Record<SearchField, string> = { title: 'A', subjects: 'B', responsible: 'C', docNumber: 'C', archivalCode: 'C', content: 'D' };
const MAX_QUERY = 500;

export interface CompiledQuery {
  parsed: ParsedQuery;
  /** tsquery text for matching (null: no text condition), without the sample token. */
  match: string | null;
  /** tsquery text (OR of every query word) used for ranking. */
  rank: string | null;
  /** Normalized strings to mark in titles and snippets. */
  marks: string[];
}

type Part = { text: string; quoted: boolean; negate: boolean; field: SearchField | null };

/** Splits the box into parts: "phrases" (also “…” and 「…」), -exclusions, field:value, plain words. Never throws. */
export function splitBox(box: string): Part[] {
  const s = box.slice(0, MAX_QUERY).replace(/[“”„«»「」『』]/g, '"');
  const out: Part[] = [];
  const re = /(-?)(?:([\p{L}]{2,14})[:：])?(?:"([^"]*)"?|(\S+))/gu;
  for (const m of s.matchAll(re)) {
    const fieldName = m[2] ? FIELD_NAMES[m[2].toLowerCase()] : undefined;
    let text = m[3] ?? m[4] ?? '';
    if (m[2] && !fieldName) text = `${m[2]}:${text}`; // not a field: keep the word as typed
    if (!text.trim()) continue;
    out.push({ text, quoted: m[3] !== undefined, negate: m[1] === '-', field: fieldName ?? null });
  }
  return out;
}

/** A phrase over every run of `norm`: bigrams and alnum tokens at exact distances; a lone trailing Han char as a prefix. */
function phrase(norm: string, weight: string, prefixLast = false): string | null {
  const toks: Array<{ lex: string; pos: number; prefix: boolean }> = [];
  let pos = 0;
  for (const r of runs(norm)) {
    if (r.kind === 'alnum') {
      if (r.text.length <= 60) toks.push({ lex: r.text, pos, prefix: false });
      pos++;
      continue;
    }
    const chars = [...r.text];
    if (chars.length === 1) toks.push({ lex: chars[0]!, pos, prefix: true });
    for (let i = 0; i < chars.length - 1; i++) toks.push({ lex: chars[i]! + chars[i + 1]!, pos: pos + i, prefix: false });
    pos += chars.length;
  }
  if (!toks.length) return null;
  // A 档号/文号 fragment may stop inside its last part (J001-WS·2011-Y-B…).
  const last = toks[toks.length - 1]!;
  if (prefixLast && /[\p{L}\p{N}]$/u.test(norm) && !/\p{Script=Han}/u.test(last.lex)) last.prefix = true;
  let q = '';
  toks.forEach((t, i) => {
    const lex = `${quoteLexeme(t.lex)}${t.prefix || weight ? ':' : ''}${t.prefix ? '*' : ''}${weight}`;
    q += i === 0 ? lex : ` <${t.pos - toks[i - 1]!.pos}> ${lex}`;
  });
  return toks.length > 1 ? `(${q})` : q;
}

const hasPunct = (s: string) => /[^\p{L}\p{N}\s]/u.test(s);

/** Turns the box (and advanced-form fields) into match/rank tsqueries. Only our own lexemes reach the tsquery, so no syntax passes through. */
export function compileQuery(box: string, fields: Partial<Record<SearchField, string>> = {}): CompiledQuery {
  const parts = splitBox(box);
  for (const [f, v] of Object.entries(fields)) if (v?.trim()) parts.push(...splitBox(v).map((p) => ({ ...p, field: f as SearchField })));
  const parsed: ParsedQuery = { terms: [], phrases: [], excluded: [], fields: [] };
  const positive: string[] = [];
  const negative: string[] = [];
  const rankLex = new Set<string>();
  const marks = new Set<string>();
  const singles: Array<{ q: string; norm: string }> = [];
  for (const p of parts) {
    const norm = normalize(p.text);
    const w = p.field ? FIELD_WEIGHTS[p.field] : '';
    const units: string[] = [];
    if (p.quoted || hasPunct(norm) || p.field === 'archivalCode' || p.field === 'docNumber') {
      const q = phrase(norm, w, !p.quoted);
      if (q) units.push(q);
    } else {
      for (const r of runs(norm)) {
        if (r.kind === 'alnum') units.push(phrase(r.text, w)!);
        else for (const word of segmenter().cut(r.text, true)) {
          const q = phrase(word, w);
          if (!q) continue;
          if ([...word].length === 1 && !p.negate) singles.push({ q, norm: word });
          else units.push(q);
        }
      }
    }
    if (!units.length) continue;
    if (p.negate) {
      negative.push(`!${units.length > 1 ? `(${units.join(' & ')})` : units[0]}`);
      parsed.excluded.push(p.text);
      continue;
    }
    positive.push(...units);
    if (p.field) parsed.fields.push({ field: p.field, value: p.text });
    else (p.quoted ? parsed.phrases : parsed.terms).push(p.text);
    for (const r of runs(norm)) {
      marks.add(r.text);
      if (r.kind === 'alnum') rankLex.add(r.text);
      else for (const word of segmenter().cutForSearch(r.text, true)) {
        if ([...word].length > 1) { rankLex.add(word); marks.add(word); }
      }
    }
  }
  // One-character words only count when nothing longer was asked for (else 的/年/和 would match everything).
  if (!positive.length) for (const s of singles) { positive.push(s.q); marks.add(s.norm); parsed.terms.push(s.norm); }
  const match = positive.length || negative.length ? [...positive, ...negative].join(' & ') : null;
  const rankTerms = [...rankLex].filter((l) => l.length > 1 || /[\p{N}\p{L}]/u.test(l)).map((l) => quoteLexeme(l));
  return {
    parsed, match: positive.length ? match : negative.length ? `'~b0' & ${negative.join(' & ')}` : null,
    rank: rankTerms.length ? rankTerms.join(' | ') : positive.length ? positive.join(' | ') : null,
    marks: [...marks].filter((m) => m.length > 0).sort((a, b) => b.length - a.length),
  };
}
