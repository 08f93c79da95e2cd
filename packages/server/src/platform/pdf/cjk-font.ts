import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

/** Debian fonts-noto-cjk; PDFs fall back to a Latin font (and say so) where it is missing. */
const CANDIDATES = [
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'NotoSansCJKsc-Bold' },
];

export function cjkFont(family?: string): { path: string; family: string } | null {
  return CANDIDATES.find((c) => existsSync(c.path) && (!family || c.family === family)) ?? null;
}

const cache = new Map<string, fontkit.Font>();

/**
 * The parsed font, shared by every PDF the process writes. Parsing a 20 MB CJK collection costs
 * ~300 ms; pdfkit would do it again for each document, so hand it this object instead
 * (`doc.font(cjkFontObject() as never)`). Returns null when fonts-noto-cjk is not installed.
 */
export function cjkFontObject(family?: string): fontkit.Font | null {
  const f = cjkFont(family);
  if (!f) return null;
  let font = cache.get(f.family);
  if (!font) {
    font = fontkit.create(readFileSync(f.path), f.family) as fontkit.Font;
    cache.set(f.family, font);
  }
  return font;
}
