import { normalize, runs } from '../../platform/search/text.normalize.ts';

/**
 * A lowest class's text signature: a Bloom filter over the pieces of the four fields the record table's q filter
 * matches (题名, 档号, 文号, 责任者), so the table can tell which classes cannot hold a match of a frequent q and skip
 * them (record.class-scan.ts). No false negatives by construction: if a field contains q, every piece of q is a piece
 * of that field, because both sides are cut the same way from the same normalized text (text.normalize.ts maps one
 * character at a time, so a substring stays a substring):
 *  - a Han run gives every character and every pair of neighbours; q's Han run gives its pairs (a lone character:
 *    itself), and each of those lies inside one Han run of the field;
 *  - any other letter/digit run gives every substring of up to PIECE characters; q's run gives itself, or every
 *    PIECE-character window of it when it is longer, and each lies inside one letter/digit run of the field.
 * False positives only cost a class scanned in vain.
 */
export const PIECE = 8;
const HASHES = 4;
const MIN_BITS = 1 << 10;
const MAX_BITS = 1 << 22;

/** Adds the pieces of one field to `out`. */
export function piecesOf(text: string, out: Set<string>): Set<string> {
  for (const r of runs(normalize(text))) {
    const cs = [...r.text];
    if (r.kind === 'han') {
      for (let i = 0; i < cs.length; i++) {
        out.add(cs[i]!);
        if (i + 1 < cs.length) out.add(cs[i]! + cs[i + 1]!);
      }
      continue;
    }
    for (let i = 0; i < cs.length; i++) {
      let s = '';
      for (let k = i; k < Math.min(cs.length, i + PIECE); k++) out.add((s += cs[k]!));
    }
  }
  return out;
}

/** What every field containing q holds (empty: q has no letter, digit or Han character, so no class can be ruled out). */
export function queryPieces(q: string): string[] {
  const out = new Set<string>();
  for (const r of runs(normalize(q))) {
    const cs = [...r.text];
    if (r.kind === 'han') {
      if (cs.length === 1) out.add(cs[0]!);
      for (let i = 0; i + 1 < cs.length; i++) out.add(cs[i]! + cs[i + 1]!);
    } else if (cs.length <= PIECE) out.add(r.text);
    else for (let i = 0; i + PIECE <= cs.length; i++) out.add(cs.slice(i, i + PIECE).join(''));
  }
  return [...out];
}

/** Two 32-bit hashes of a piece (FNV-1a, then a murmur3 finalizer for the step), for double hashing. */
function hashes(s: string): [number, number] {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  let g = h ^ (h >>> 16);
  g = Math.imul(g, 0x85ebca6b);
  g ^= g >>> 13;
  g = Math.imul(g, 0xc2b2ae35);
  g ^= g >>> 16;
  return [h >>> 0, (g | 1) >>> 0];
}

export interface Bloom { bits: Buffer; nbits: number; hashes: number }

/**
 * A blocked Bloom filter: each piece sets its four bits within one 512-bit (64-byte) line, so testing a piece against a
 * filter touches one cache line (the record table tests a q against 15,000 filters at 1,000,000 records: a bit per
 * hash anywhere in each filter cost ≈ 15 ms of cache misses). Ten bits a piece (rounded up to a power of two): about
 * two false positives per hundred pieces.
 */
const LINE = 512;
function positions(a: number, b: number, lines: number, out: Int32Array) {
  const base = (a % lines) * LINE;
  for (let i = 0; i < HASHES; i++) out[i] = base + ((b + Math.imul(i, (a >>> 9) | 1)) & (LINE - 1));
}
const scratch = new Int32Array(HASHES);

export function buildBloom(pieces: Iterable<string>, count: number): Bloom {
  let nbits = MIN_BITS;
  while (nbits < count * 10 && nbits < MAX_BITS) nbits *= 2;
  const bits = Buffer.alloc(nbits / 8);
  const lines = nbits / LINE;
  for (const p of pieces) {
    const [a, b] = hashes(p);
    positions(a, b, lines, scratch);
    for (const pos of scratch) bits[pos >>> 3]! |= 1 << (pos & 7);
  }
  return { bits, nbits, hashes: HASHES };
}

/** The pieces of a query hashed once, for testing many filters. */
export const hashPieces = (pieces: string[]) => pieces.map(hashes);

/** Whether the filter may hold every one of the pieces (false: it certainly does not). */
export function mayHoldAll(bloom: Bloom, pieces: string[] | Array<[number, number]>): boolean {
  const lines = bloom.nbits / LINE;
  const bits = bloom.bits;
  for (const p of pieces) {
    const [a, b] = typeof p === 'string' ? hashes(p) : p;
    positions(a, b, lines, scratch);
    for (let i = 0; i < HASHES; i++) if (!(bits[scratch[i]! >>> 3]! & (1 << (scratch[i]! & 7)))) return false;
  }
  return true;
}
