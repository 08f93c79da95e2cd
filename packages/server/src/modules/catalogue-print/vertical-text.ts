import { vertical } from './fonts.ts';

/** Vertical presentation forms of the punctuation that turns in vertical text (the rest stands upright). */
const VERTICAL: Record<string, string> = {
  '（': '︵', '）': '︶', '(': '︵', ')': '︶', '《': '︽', '》': '︾', '〔': '︹', '〕': '︺', '【': '︻', '】': '︼',
  '「': '﹁', '」': '﹂', '『': '﹃', '』': '﹄', '、': '︑', '，': '︐', '。': '︒', '：': '︓', '；': '︔', '—': '︱', '…': '︙',
};
/** Extra space between characters of a column, in em (PDF character spacing; negative is downward in vertical writing). */
const TRACKING = 0.15;

interface PdfRef { data: Record<string, unknown>; end(...a: unknown[]): unknown }
interface FontInternals { ref(): PdfRef; embed(): unknown }
const made = new WeakSet<object>();

/**
 * Selects the vertical twin of `font` (registered by fonts.ts) and makes sure it is embedded with the Identity-V
 * CMap: PDF's own vertical writing mode (WMode 1), in which each glyph stands upright, centred on the column, and
 * the pen moves down one em per character. pdfkit only writes Identity-H, so the font dictionary gets its encoding
 * changed just before pdfkit writes it (pdfkit 0.20: PDFFont.finalize → EmbeddedFont.embed → dictionary.end()).
 */
function useVerticalFont(doc: PDFKit.PDFDocument, font: string): void {
  doc.font(vertical(font));
  const f = (doc as unknown as { _font: FontInternals })._font;
  if (made.has(f)) return;
  made.add(f);
  const embed = f.embed.bind(f);
  f.embed = () => {
    const dict = f.ref();
    const end = dict.end.bind(dict);
    dict.end = (...a: unknown[]) => {
      dict.data.Encoding = 'Identity-V';
      return end(...a);
    };
    return embed();
  };
}

/**
 * Chinese set vertically (竖排) as true vertical text: one text run per column, top to bottom, columns right to left,
 * in as many columns as give the largest type that fits the box (a long 全宗名称 on a narrow spine takes two or
 * three). Readers and text extraction (pdftotext) see each column as one line of text, not one line per character.
 */
export function drawVertical(doc: PDFKit.PDFDocument, text: string, box: { x: number; y: number; w: number; h: number }, font: string, maxSize: number): void {
  const chars = [...text.replace(/\s+/g, '')].map((c) => VERTICAL[c] ?? c);
  if (!chars.length) return;
  const pitch = 1 + TRACKING;
  let best = { cols: 1, size: 0 };
  for (let cols = 1; cols <= 4; cols++) {
    const rows = Math.ceil(chars.length / cols);
    const size = Math.min(maxSize, box.w / cols / 1.15, box.h / (rows * pitch));
    if (size > best.size + 0.5) best = { cols, size };
  }
  const rows = Math.ceil(chars.length / best.cols);
  const size = Math.max(4, best.size);
  const colW = box.w / best.cols;
  const blockH = (rows * pitch - TRACKING) * size;
  const top = box.y + (box.h - blockH) / 2;
  useVerticalFont(doc, font);
  doc.fontSize(size);
  for (let c = 0; c < best.cols; c++) {
    // First column on the right; every column starts at the top of the (vertically centred) block. The pen starts
    // at the column's centre line, at the top of the first character (alphabetic baseline: no ascent added).
    const column = chars.slice(c * rows, (c + 1) * rows).join('');
    doc.text(column, box.x + box.w - (c + 0.5) * colW, top, { lineBreak: false, baseline: 'alphabetic', characterSpacing: -TRACKING * size });
  }
}
