import { HEI, SERIF } from './fonts.ts';
import { A4, drawLines, mm, put, textWidth, wrapText, type Face } from './pdf-text.ts';

/**
 * A4 portrait for bound forms: the left margin leaves room for the binding (装订线), the others are
 * the usual 15–20 mm.
 */
export const PAGE = { left: mm(25), right: A4.width - mm(15), top: mm(15), bottom: A4.height - mm(20) };
/** Titles centre over the printed area, not the sheet (the binding margin is wider). */
export const CENTRE = (PAGE.left + PAGE.right) / 2;
export const BODY: Face = { font: SERIF, size: 9 };
export const HEAD: Face = { font: HEI, size: 9.5 };
export const TITLE: Face = { font: HEI, size: 18 };
export const SMALL: Face = { font: SERIF, size: 9.5 };

/** Page title with a 字距 between characters, as forms are printed ("归 档 文 件 目 录" style). */
export function drawTitle(doc: PDFKit.PDFDocument, title: string, y: number, f: Face = TITLE, spacing = f.size * 0.5) {
  const w = textWidth(doc, title, f) + spacing * ([...title].length - 1);
  put(doc, title, CENTRE - w / 2, y + f.size * 0.88, f, { characterSpacing: spacing });
}

/** The heading line under the title: "全宗号：… 年度：…", each pair kept together, wrapped when long. */
export function drawHeading(doc: PDFKit.PDFDocument, pairs: [string, string][], y: number): number {
  const width = PAGE.right - PAGE.left;
  const lines: string[] = [];
  for (const pair of pairs.filter(([, v]) => v).map(([k, v]) => `${k}：${v}`)) {
    const joined = lines.length ? `${lines[lines.length - 1]}　　${pair}` : pair;
    if (lines.length && textWidth(doc, joined, SMALL) <= width) lines[lines.length - 1] = joined;
    else lines.push(...wrapText(doc, pair, width, SMALL));
  }
  drawLines(doc, lines, { x: PAGE.left, y, w: PAGE.right - PAGE.left, h: lines.length * SMALL.size * 1.3 }, SMALL, 'left');
  return y + lines.length * SMALL.size * 1.3;
}

/** "第 N 页 共 M 页", centred under the table. */
export function drawFooter(doc: PDFKit.PDFDocument, n: number, total: number) {
  const text = `第 ${n} 页  共 ${total} 页`;
  drawLines(doc, [text], { x: PAGE.left, y: A4.height - mm(15), w: PAGE.right - PAGE.left, h: 12 }, { font: SERIF, size: 9 }, 'center');
}

/**
 * Label and underlined value rows of a cover, labels justified to the widest one. A long value is set
 * smaller and wrapped onto more underlined lines, never cut. Returns the y below the last row.
 */
export function drawFieldRows(doc: PDFKit.PDFDocument, rows: [string, string][], y: number, f: Face, valueWidth: number, gap = f.size * 2.6): number {
  const labelW = Math.max(...rows.map(([k]) => textWidth(doc, k, f)));
  const x0 = CENTRE - (labelW + f.size + valueWidth) / 2;
  const vx = x0 + labelW + f.size;
  let base = y;
  for (const [k, v] of rows) {
    const chars = [...k].length;
    const spacing = chars > 1 ? (labelW - textWidth(doc, k, f)) / (chars - 1) : 0;
    put(doc, k, x0, base, f, { characterSpacing: spacing });
    let face = f;
    let lines = wrapText(doc, v, valueWidth, face);
    for (const scale of [0.8, 0.65]) if (lines.length > 1) lines = wrapText(doc, v, valueWidth, (face = { ...f, size: f.size * scale }));
    const lh = Math.max(face.size * 1.6, f.size * (lines.length > 1 ? 1.1 : 0));
    lines.forEach((l, j) => {
      const lb = base + j * lh;
      put(doc, l, vx + (valueWidth - textWidth(doc, l, face)) / 2, lb, face);
      doc.lineWidth(0.6).moveTo(vx, lb + f.size * 0.3).lineTo(vx + valueWidth, lb + f.size * 0.3).stroke();
    });
    base += (lines.length - 1) * lh + gap;
  }
  return base;
}
