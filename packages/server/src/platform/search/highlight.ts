import type { Highlighted } from './search.port.ts';
import { normalizeMapped } from './text.normalize.ts';

/** Marks every occurrence of the (normalized) `terms` in `text`, compared in the search form, ranges on the original. */
export function highlight(text: string, terms: string[]): Highlighted {
  const marks = findMarks(text, terms);
  return { text, marks };
}

function findMarks(text: string, terms: string[]): Array<[number, number]> {
  if (!text || !terms.length) return [];
  const { norm, map } = normalizeMapped(text);
  const hit = new Uint8Array(norm.length);
  for (const t of terms) {
    if (!t) continue;
    for (let i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + 1)) hit.fill(1, i, i + t.length);
  }
  const out: Array<[number, number]> = [];
  for (let i = 0; i < norm.length; i++) {
    if (!hit[i]) continue;
    let j = i;
    while (j + 1 < norm.length && hit[j + 1]) j++;
    const start = map[i]!;
    const endOrig = j + 1 < norm.length ? map[j + 1]! : text.length;
    const last = out[out.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], endOrig);
    else out.push([start, Math.max(endOrig, start + 1)]);
    i = j;
  }
  return out;
}

/** A short passage (about `width` characters) around the first match, with its marks; null when nothing matches. */
export function snippet(text: string, terms: string[], width = 80): Highlighted | null {
  if (!text) return null;
  const marks = findMarks(text, terms);
  if (!marks.length) return null;
  const from = Math.max(0, marks[0]![0] - Math.floor(width / 3));
  const to = Math.min(text.length, from + width);
  const prefix = from > 0 ? '…' : '';
  const cut = prefix + text.slice(from, to).replace(/\s+/g, ' ') + (to < text.length ? '…' : '');
  // Whitespace folding keeps lengths only if runs are single spaces; recompute marks on the cut text instead.
  return { text: cut, marks: findMarks(cut, terms) };
}
