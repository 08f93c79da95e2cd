import * as OpenCC from 'opencc-js';

// 繁→简 with OpenCC's standard traditional table (character and phrase level).
const t2s = OpenCC.Converter({ from: 't', to: 'cn' });

/** One character's search form: NFKC (full/half width, compatibility forms), lower case, traditional → simplified. */
const charCache = new Map<string, string>();
export function normChar(ch: string): string {
  let v = charCache.get(ch);
  if (v === undefined) {
    v = t2s(ch.normalize('NFKC').toLowerCase());
    if (charCache.size < 50_000) charCache.set(ch, v);
  }
  return v;
}

/**
 * The search form of a text, plus for every UTF-16 unit of the result the index of the
 * original unit it came from (to put highlights back onto the original text). Per character:
 * a phrase-level conversion could change lengths, which would break the mapping.
 */
export function normalizeMapped(text: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = normChar(ch);
    for (let k = 0; k < n.length; k++) map.push(i);
    norm += n;
    i += ch.length;
  }
  return { norm, map };
}

/** The search form of a text (documents and queries both go through this). */
export function normalize(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    // Plain ASCII only needs lower-casing.
    out += c < 0x80 ? (c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ch) : normChar(ch);
  }
  return out;
}

/** Han ideographs (CJK unified, extension A, compatibility). */
export const isHan = (cp: number) => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
/** Letters and digits other than Han (Latin, Greek, Cyrillic, kana …). */
export const isAlnum = (ch: string) => /[\p{L}\p{N}]/u.test(ch);

export type Run = { kind: 'han' | 'alnum'; text: string; start: number };

/** Splits normalized text into runs of Han characters and of other letters/digits; everything else separates. */
const kindOf = (cp: number, ch: string): Run['kind'] | null => {
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) ? 'alnum' : null;
  if (isHan(cp)) return 'han';
  if (cp >= 0x3000 && cp <= 0x303f) return null; // CJK punctuation
  return isAlnum(ch) ? 'alnum' : null;
};
export function runs(norm: string): Run[] {
  const out: Run[] = [];
  let cur: Run | null = null;
  let i = 0;
  for (const ch of norm) {
    const cp = ch.codePointAt(0)!;
    const kind = kindOf(cp, ch);
    if (kind && cur && cur.kind === kind) cur.text += ch;
    else {
      if (cur) out.push(cur);
      cur = kind ? { kind, text: ch, start: i } : null;
    }
    i += ch.length;
  }
  if (cur) out.push(cur);
  return out;
}
