import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';
import { normalize, runs } from './text.normalize.ts';

let jieba: Jieba | null = null;
/** Loaded on first use (about 0.1 s): module factories must not do work when they are called. */
export const segmenter = () => (jieba ??= Jieba.withDict(dict));

export type Weight = 'A' | 'B' | 'C' | 'D';

/**
 * Builds a document's tsvector text. Positions: every Han character and every other letter/digit run
 * takes one position; punctuation and spaces take none, so `晋政办发〔2011〕12号` and `晋政办发[2011]12号`
 * give the same sequence, and a query phrase built the same way matches with exact distances.
 * Lexemes per Han run: its bigrams (at their first character), the last character alone, jieba
 * cut-for-search words (ranking, and pinyin), and for `pinyinFields` the words' full pinyin and initials.
 */
export class VectorBuilder {
  private lex = new Map<string, string[]>();
  private pos = 1;

  add(text: string, weight: Weight, opts: { pinyin?: boolean; maxChars?: number; suffixes?: boolean } = {}): this {
    if (!text) return this;
    const norm = normalize(opts.maxChars ? text.slice(0, opts.maxChars) : text);
    for (const r of runs(norm)) {
      if (this.pos > 16_000) {
        if (opts.suffixes) this.tag(UNINDEXED_TAG);
        break;
      }
      if (r.kind === 'alnum') {
        if (r.text.length <= 60) this.put(r.text, this.pos, weight);
        if (opts.suffixes) this.suffixes(r.text);
        this.pos++;
        continue;
      }
      const chars = [...r.text];
      for (let i = 0; i < chars.length - 1; i++) this.put(chars[i]! + chars[i + 1]!, this.pos + i, weight);
      this.put(chars[chars.length - 1]!, this.pos + chars.length - 1, weight);
      // Words (ranking, pinyin) for the named fields; file text and other metadata get bigrams only.
      if (weight !== 'D' && (chars.length > 2 || opts.pinyin)) this.words(r.text, chars.length === r.text.length, weight, !!opts.pinyin);
      this.pos += chars.length;
    }
    this.pos += 3; // fields and values do not run into each other
    return this;
  }

  private words(run: string, bmp: boolean, weight: Weight, withPinyin: boolean) {
    // cutForSearch emits sub-words before the longer word; each repeat of a word is found after the previous one.
    const from = new Map<string, number>();
    for (const w of segmenter().cutForSearch(run, true)) {
      const len = [...w].length;
      if (len < 2) continue;
      const off = run.indexOf(w, from.get(w) ?? 0);
      if (off < 0) continue;
      from.set(w, off + w.length);
      const pos = this.pos + (bmp ? off : [...run.slice(0, off)].length);
      if (len >= 3) this.put(w, pos, weight); // two-character words are already bigrams
      const py = withPinyin && len <= 8 ? pinyinOf(w) : null;
      if (py) {
        this.put(py[0], pos, weight);
        this.put(py[1], pos, weight);
      }
    }
  }

  /**
   * For the record table's substring filter (modules/catalogue/record.text-filter.ts): every suffix of two or more
   * characters of a letter/digit run, as a tag '~s:<suffix>', so a number or word typed alone is found inside a longer
   * run ('777777' in '1777777': prefix '~s:777777':*). A run over 60 code units gets UNINDEXED_TAG instead.
   */
  private suffixes(run: string) {
    if (run.length > 60) { this.tag(UNINDEXED_TAG); return; }
    const cps = [...run];
    for (let i = 0; i + 1 < cps.length; i++) this.tag(SUFFIX_TAG + cps.slice(i).join(''));
  }

  /** Extra lexemes without positions (sample tokens). */
  tag(lexeme: string): this {
    if (!this.lex.has(lexeme)) this.lex.set(lexeme, []);
    return this;
  }

  private put(lexeme: string, pos: number, w: Weight) {
    let p = this.lex.get(lexeme);
    if (!p) this.lex.set(lexeme, (p = []));
    if (p.length < 255) p.push(w === 'D' ? String(Math.min(pos, 16383)) : Math.min(pos, 16383) + w);
  }

  toString(): string {
    const parts: string[] = [];
    for (const [k, p] of this.lex) parts.push(p.length ? `${quoteLexeme(k)}:${p.join(',')}` : quoteLexeme(k));
    return parts.join(' ');
  }
}

const pinyinCache = new Map<string, [string, string] | null>();
/** Full pinyin and initials of a word ('dangan', 'da'), cached: titles repeat their words a lot. */
export function pinyinOf(w: string): [string, string] | null {
  let v = pinyinCache.get(w);
  if (v === undefined) {
    const py = pinyin(w, { toneType: 'none', type: 'array', v: true }) as string[];
    v = py.every((s) => /^[a-z]+$/.test(s)) ? [py.join(''), py.map((s) => s[0]).join('')] : null;
    if (pinyinCache.size > 200_000) pinyinCache.clear();
    pinyinCache.set(w, v);
  }
  return v;
}

/** Suffix tags of letter/digit runs (VectorBuilder.add's `suffixes`), and the tag of a vector whose runs are not all there. */
export const SUFFIX_TAG = '~s:';
export const UNINDEXED_TAG = '~s!';

export const quoteLexeme = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** Sample tokens: '~b0' on every document, '~bL' on a uniform 1/2^L sample (rnd in [0, 2^31)). */
export function sampleTags(rnd: number): string[] {
  const tags = ['~b0'];
  for (let l = 1; l <= 10 && rnd < 2 ** 31 / 2 ** l; l++) tags.push(`~b${l}`);
  return tags;
}

/**
 * Scope tokens, so that the GIN index itself keeps to the asker's scope (and the heap is only visited for permitted
 * rows): per sample level, one token for the record's fonds ('~f:J001:b3') and, when the public may see the record,
 * one for the public ('~p:b3'). They only narrow the index scan: the permission columns are still checked on every
 * row (a token is as old as the row's vector; the triggers update the columns at once and mark the row for re-indexing).
 */
export function scopeTags(rnd: number, fondsCode: string, isPublic: boolean): string[] {
  const tags: string[] = [];
  for (const s of sampleTags(rnd)) {
    tags.push(fondsTag(fondsCode, s.slice(2)));
    if (isPublic) tags.push(publicTag(s.slice(2)));
  }
  return tags;
}
export const fondsTag = (fondsCode: string, level: number | string) => `~f:${fondsCode}:b${level}`;
export const publicTag = (level: number | string) => `~p:b${level}`;
