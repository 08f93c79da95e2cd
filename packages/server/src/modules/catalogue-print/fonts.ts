import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unshaped, type ParsedFont } from './font-layout.ts';

/**
 * CJK fonts for printed forms: 宋体-like Noto Serif CJK for the text, 黑体-like Noto Sans CJK Bold for titles
 * and column heads (Debian: fonts-noto-cjk). LANTAI_PRINT_FONT_DIR points elsewhere when they live elsewhere.
 */
export const SERIF = 'serif';
export const HEI = 'hei';

const DIRS = () => [process.env.LANTAI_PRINT_FONT_DIR, '/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk']
  .filter((d): d is string => !!d);
const WANTED = [
  { name: SERIF, files: ['NotoSerifCJK-Regular.ttc'], family: 'NotoSerifCJKsc-Regular' },
  { name: HEI, files: ['NotoSansCJK-Bold.ttc', 'NotoSansCJK-Regular.ttc'], family: ['NotoSansCJKsc-Bold', 'NotoSansCJKsc-Regular'] },
] as const;

/** A parsed font (fontkit, as pdfkit itself loads it): parsing a CJK TTC takes ~0.5 s, so it is done once. */
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(data: Buffer, postscriptName: string): ParsedFont };

interface Loaded { name: string; font: ParsedFont }
let cache: Promise<Loaded[]> | undefined;

function locate(files: readonly string[]): { file: string; index: number } | undefined {
  for (const [index, f] of files.entries()) {
    for (const d of DIRS()) if (existsSync(path.join(d, f))) return { file: path.join(d, f), index };
  }
  return undefined;
}

/** Reads each font file once per process (the TTCs are large); fails loudly when the fonts are not installed. */
export function loadFonts(): Promise<Loaded[]> {
  cache ??= Promise.all(WANTED.map(async (w) => {
    const hit = locate(w.files);
    if (!hit) throw new Error(`printing needs the Noto CJK fonts (${w.files.join(' or ')}): install fonts-noto-cjk or set LANTAI_PRINT_FONT_DIR`);
    const family = Array.isArray(w.family) ? (w.family[hit.index] as string) : (w.family as string);
    return { name: w.name, font: unshaped(fontkit.create(await readFile(hit.file), family)) };
  })).catch((e: unknown) => {
    cache = undefined;
    throw e;
  });
  return cache;
}

/** The name under which a font is registered for vertical writing (竖排; see vertical-text.ts). */
export const vertical = (name: string) => `${name}-v`;

export async function registerFonts(doc: PDFKit.PDFDocument): Promise<void> {
  // pdfkit accepts an already parsed font object in place of the file (PDFFontFactory.open).
  for (const f of await loadFonts()) {
    doc.registerFont(f.name, f.font as unknown as Buffer);
    // The same font again under another PostScript name (pdfkit would otherwise reuse the horizontal one): it is
    // embedded as a second font whose encoding vertical-text.ts turns into Identity-V.
    const renamed = new Proxy(f.font, { get: (t, p) => (p === 'postscriptName' ? `${String(Reflect.get(t, p))}-V` : Reflect.get(t, p)) });
    doc.registerFont(vertical(f.name), renamed as unknown as Buffer);
  }
}

/** Characters of text the body font has no glyph for (they would print as empty boxes, "tofu"). */
export async function missingGlyphs(text: string, name = SERIF): Promise<string[]> {
  const f = (await loadFonts()).find((x) => x.name === name);
  return [...new Set([...text])].filter((ch) => !/\s/.test(ch) && !f?.font.hasGlyphForCodePoint(ch.codePointAt(0) as number));
}
