/** Text measuring and line breaking for CJK forms: any ideograph may break, Latin words stay whole, 禁则 apply. */

export const mm = (v: number) => (v * 72) / 25.4;
export const A4 = { width: 595.28, height: 841.89 };

/** A registered font and a size in points. */
export interface Face { font: string; size: number }

// Advance widths per font at size 1, shared by every document (the fonts never change in a process).
const widths = new Map<string, number>();

export function textWidth(doc: PDFKit.PDFDocument, text: string, f: Face): number {
  let w = 0;
  for (const ch of text) {
    const key = `${f.font}\u0000${ch}`;
    let u = widths.get(key);
    if (u === undefined) {
      u = doc.font(f.font).fontSize(1000).widthOfString(ch) / 1000;
      widths.set(key, u);
    }
    w += u * f.size;
  }
  return w;
}

const CJK = /[\u2E80-\u303F\u3040-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]|[\u{20000}-\u{3FFFF}]/u;
/** May not begin a line (closing marks) / may not end one (opening marks). */
const NO_START = new Set([...'，。、；：？！）》」』】〕〉’”…—,.;:?!)]}%·']);
const NO_END = new Set([...'（《「『【〔〈‘“([{']);
const BREAK_AFTER = new Set([...' -/_—']);

function mayBreakBefore(prev: string, ch: string): boolean {
  if (NO_START.has(ch) || NO_END.has(prev)) return false;
  return CJK.test(ch) || CJK.test(prev) || BREAK_AFTER.has(prev);
}

/**
 * Breaks text into lines no wider than maxWidth. Never drops a character (spaces at a break excepted):
 * a word wider than the line is split between characters.
 */
export function wrapText(doc: PDFKit.PDFDocument, text: string, maxWidth: number, f: Face): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: string[] = [];
    let w = 0;
    let lastBreak = 0; // index in line before which we may break
    for (const ch of para) {
      const cw = textWidth(doc, ch, f);
      if (line.length && mayBreakBefore(line[line.length - 1] as string, ch)) lastBreak = line.length;
      if (line.length && w + cw > maxWidth) {
        if (ch === ' ') {
          out.push(line.join('').trimEnd());
          line = []; w = 0; lastBreak = 0;
          continue;
        }
        const cut = lastBreak > 0 ? lastBreak : line.length;
        out.push(line.slice(0, cut).join('').trimEnd());
        line = line.slice(cut);
        while (line[0] === ' ') line.shift();
        w = textWidth(doc, line.join(''), f);
        lastBreak = 0;
      }
      line.push(ch);
      w += cw;
    }
    out.push(line.join('').trimEnd());
  }
  return out;
}

/**
 * Draws one line with its baseline at y. Sets font and size right before drawing: measuring (textWidth)
 * changes the document's current size.
 */
export function put(doc: PDFKit.PDFDocument, text: string, x: number, y: number, f: Face, opts: PDFKit.Mixins.TextOptions = {}): void {
  doc.font(f.font).fontSize(f.size).text(text, x, y, { lineBreak: false, baseline: 'alphabetic', ...opts });
}

export const lineHeight = (f: Face) => f.size * 1.3;

/**
 * Draws lines inside a box: horizontally aligned, the block vertically centred (or from the top),
 * each line's ideographic em box centred in its line slot.
 */
export function drawLines(doc: PDFKit.PDFDocument, lines: string[], box: { x: number; y: number; w: number; h: number },
  f: Face, align: 'left' | 'center' | 'right' = 'left', valign: 'top' | 'middle' = 'middle', padX = 0): void {
  const lh = lineHeight(f);
  const top = valign === 'middle' ? box.y + (box.h - lines.length * lh) / 2 : box.y;
  lines.forEach((l, i) => {
    if (!l) return;
    const lw = textWidth(doc, l, f);
    const x = align === 'left' ? box.x + padX : align === 'right' ? box.x + box.w - padX - lw : box.x + (box.w - lw) / 2;
    const baseline = top + i * lh + (lh - f.size) / 2 + 0.88 * f.size;
    put(doc, l, x, baseline, f);
  });
}

/** Largest size (≤ f.size, ≥ min) at which text fits maxWidth on one line. */
export function fitSize(doc: PDFKit.PDFDocument, text: string, maxWidth: number, f: Face, min = 6): Face {
  const w = textWidth(doc, text, f);
  return w <= maxWidth ? f : { font: f.font, size: Math.max(min, Math.floor(((f.size * maxWidth) / w) * 4) / 4) };
}
