/** The bits of a fontkit font and glyph that pdfkit's text drawing uses. */
interface Glyph { id: number; advanceWidth: number; codePoints: number[] }
export interface ParsedFont {
  layout(text: string, features?: unknown): unknown;
  glyphForCodePoint(cp: number): Glyph;
  hasGlyphForCodePoint(cp: number): boolean;
}

/**
 * The font with a plain character-to-glyph layout in place of OpenType shaping. fontkit shapes every
 * distinct string through the CJK fonts' large GSUB/GPOS tables (~1 ms each), and pdfkit caches layouts
 * only per space-separated word, which Chinese text never has: a 5,000-row 目录 spent 20 s there.
 * Printed forms need no ligatures, kerning or contextual forms (Han, kana, Latin, digits), so each
 * code point maps to its glyph at its advance width. Everything else is the real font.
 */
export function unshaped<F extends ParsedFont>(font: F): F {
  const byCodePoint = new Map<number, Glyph>();
  const glyph = (cp: number) => {
    let g = byCodePoint.get(cp);
    if (!g) byCodePoint.set(cp, (g = font.glyphForCodePoint(cp)));
    return g;
  };
  const layout = (text: string) => {
    const glyphs: Glyph[] = [];
    const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = [];
    for (const ch of text) {
      const g = glyph(ch.codePointAt(0) as number);
      glyphs.push(g);
      positions.push({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 });
    }
    // pdfkit rescales the positions after layout, then reads the total: a getter, like fontkit's GlyphRun.
    return { glyphs, positions, get advanceWidth() { return positions.reduce((s, p) => s + p.xAdvance, 0); } };
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'layout') return layout;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
