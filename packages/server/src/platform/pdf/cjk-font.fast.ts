import type * as fontkit from 'fontkit';

// A CJK font made cheap to print with, for text that needs no OpenType shaping (CJK + Latin: the ingest report, the
// 移交接收登记表, the delivery PDF's certificate page); both measured on the 3,000-file package's report:
//  - layout: pdfkit shapes every line with fontkit's OpenType engine (GSUB/GPOS over the Noto CJK tables); report
//    text is CJK + Latin that needs no shaping, so `layout` becomes one cmap lookup per character (cached);
//  - subset: Noto CJK's two big font dicts hold 24,684 and 26,095 local subroutines. fontkit's subset keeps every
//    slot (a 1-byte stub for the unused) so that the glyphs' calls still point right: ~100 KB and 150–500 ms per
//    PDF. Here the glyphs' charstrings are desubroutinized instead (each call replaced by the subroutine's body),
//    and the subset carries no subroutines at all. Anything unexpected falls back to fontkit's own subset.

type Glyph = fontkit.Glyph;
type Layout = { glyphs: Glyph[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[]; readonly advanceWidth: number };
// fontkit internals the subset works with (not in its typings).
interface Cff {
  isCIDFont: boolean; stream: { pos: number; readBuffer(n: number): Uint8Array }; globalSubrIndex: { offset: number; length: number }[];
  topDict: { FDArray: Record<string, unknown>[] }; fdForGlyph(gid: number): number | null; getCharString(gid: number): Uint8Array;
  privateDictForGlyph(gid: number): { Subrs?: { offset: number; length: number }[] } | null;
}
interface CffSubset { cff: Cff; glyphs: number[]; charstrings: Uint8Array[]; gsubrs: Uint8Array[]; encode(): Uint8Array }
type SubsetClass = new (font: fontkit.Font) => CffSubset;

const fast = new WeakMap<object, fontkit.Font>();

/** The same font for pdfkit, with plain layout and a desubroutinized subset (see above). */
export function reportFont(font: fontkit.Font): fontkit.Font {
  let p = fast.get(font);
  if (p) return p;
  const glyphs = new Map<number, Glyph>();
  const layout = (text: string): Layout => {
    const gs: Glyph[] = [];
    const positions: Layout['positions'] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let g = glyphs.get(cp);
      if (!g) glyphs.set(cp, (g = font.glyphForCodePoint(cp)));
      gs.push(g);
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    // A getter, as fontkit's GlyphRun: pdfkit scales the positions after the call and then reads the total.
    return { glyphs: gs, positions, get advanceWidth() { let w = 0; for (const q of positions) w += q.xAdvance; return w; } };
  };
  const Flat = flatSubsetClass(font);
  const createSubset = () => (Flat ? new Flat(p!) : font.createSubset());
  p = new Proxy(font, { get: (t, k) => (k === 'layout' ? layout : k === 'createSubset' ? createSubset : Reflect.get(t, k)) });
  fast.set(font, p);
  return p;
}

function flatSubsetClass(font: fontkit.Font): SubsetClass | null {
  const base = font.createSubset() as unknown as CffSubset;
  if (!base.cff?.isCIDFont) return null;
  const Base = Object.getPrototypeOf(base).constructor as SubsetClass;
  const flat = new Map<number, Uint8Array>(); // per process: the report's glyphs recur from PDF to PDF
  return class Flat extends Base {
    subsetCharstrings() {
      if (flat.size > 20_000) flat.clear(); // bounded: a few MB at most
      this.charstrings = this.glyphs.map((gid) => flat.get(gid) ?? flat.set(gid, flatten(this.cff, gid)).get(gid)!);
      this.gsubrs = [];
    }
    /** FDArray/FDSelect as fontkit builds them, without the local subroutines (and without parsing the glyphs). */
    subsetFontdict(topDict: { FDArray: Record<string, unknown>[]; FDSelect: { version: number; fds: number[] } }) {
      topDict.FDArray = [];
      topDict.FDSelect = { version: 0, fds: [] };
      const index = new Map<number, number>();
      for (const gid of this.glyphs) {
        const fd = this.cff.fdForGlyph(gid);
        if (fd == null) continue;
        if (!index.has(fd)) {
          const dict: Record<string, unknown> = { ...this.cff.topDict.FDArray[fd] };
          delete dict.FontName;
          if (dict.Private) dict.Private = { ...(dict.Private as object), Subrs: null };
          index.set(fd, topDict.FDArray.push(dict) - 1);
        }
        topDict.FDSelect.fds.push(index.get(fd)!);
      }
    }

    /** Anything unexpected in a charstring: fontkit's own subset of the same glyphs. */
    override encode() {
      try {
        return super.encode();
      } catch {
        const plain = font.createSubset() as unknown as CffSubset; // fontkit's own subset, same glyph order
        plain.glyphs = this.glyphs;
        return plain.encode();
      }
    }
  };
}

const bias = (n: number) => (n < 1240 ? 107 : n < 33900 ? 1131 : 32768);

/** The glyph's Type 2 charstring with every callsubr/callgsubr replaced by the subroutine's body. */
export function flatten(cff: Cff, gid: number): Uint8Array {
  const gsubrs = cff.globalSubrIndex ?? [];
  const subrs = cff.privateDictForGlyph(gid)?.Subrs ?? [];
  const read = (s: { offset: number; length: number }) => { cff.stream.pos = s.offset; return cff.stream.readBuffer(s.length); };
  const out: number[] = [];
  let stems = 0, args = 0, lastNum = 0, lastStart = -1, ended = false, depth = 0;
  const run = (b: Uint8Array) => {
    if (++depth > 10) throw new Error('charstring: subroutines nested too deep');
    let i = 0;
    while (i < b.length && !ended) {
      const op = b[i]!;
      if (op >= 32 || op === 28) {
        const n = op === 28 ? 3 : op === 255 ? 5 : op >= 247 ? 2 : 1;
        lastNum = op === 28 ? ((b[i + 1]! << 24) | (b[i + 2]! << 16)) >> 16 : op <= 246 ? op - 139 : op <= 250 ? (op - 247) * 256 + b[i + 1]! + 108 : op <= 254 ? -(op - 251) * 256 - b[i + 1]! - 108 : NaN;
        lastStart = out.length;
        for (let k = 0; k < n; k++) out.push(b[i + k]!);
        args++;
        i += n;
      } else if (op === 10 || op === 29) {
        const list = op === 10 ? subrs : gsubrs;
        const s = list[lastNum + bias(list.length)];
        if (lastStart < 0 || !s || Number.isNaN(lastNum)) throw new Error('charstring: bad subroutine call');
        out.length = lastStart; // the index operand goes; the call becomes the body
        args--; lastStart = -1;
        run(read(s));
        i++;
      } else if (op === 11) {
        break; // return
      } else if (op === 14) {
        out.push(op); ended = true;
      } else if (op === 1 || op === 3 || op === 18 || op === 23 || op === 19 || op === 20) {
        stems += args >> 1;
        args = 0; lastStart = -1;
        out.push(op);
        i++;
        if (op === 19 || op === 20) { const m = (stems + 7) >> 3; for (let k = 0; k < m; k++) out.push(b[i + k]!); i += m; }
      } else if (op === 12) {
        const op2 = b[i + 1]!;
        if (op2 < 34) throw new Error(`charstring: operator 12 ${op2} not supported`); // arithmetic/storage: the stack is not plain
        out.push(op, op2); args = 0; lastStart = -1; i += 2;
      } else {
        out.push(op); args = 0; lastStart = -1; i++;
      }
    }
    depth--;
  };
  run(cff.getCharString(gid));
  if (!ended) throw new Error('charstring: no endchar');
  return Uint8Array.from(out);
}
