import { HEI, SERIF } from './fonts.ts';
import { A4, drawLines, fitSize, lineHeight, mm, put, wrapText, type Face } from './pdf-text.ts';
import { drawVertical } from './vertical-text.ts';
import { retentionZh } from './print.labels.ts';
import type { Box, PrintClass } from './print.source.ts';

/**
 * 档案盒 盒脊 labels (DA/T 22): 全宗号, 年度, 保管期限, 机构(问题), 起止件号, 盒号, under the 全宗名称 set
 * vertically. Tall narrow strips as wide as the spine (20/30/40/50 mm boxes), side by side on A4 portrait,
 * with dashed cut lines to trim them along.
 */
const MARGIN_X = mm(8);
const LABEL_TOP = mm(15);
const LABEL_H = A4.height - 2 * LABEL_TOP;
const PAD = mm(1.5);

interface Field { label: string; lines: string[]; height: number; size: number }

const no = (n: number, pad: number) => String(n).padStart(pad, '0');

/** Text grows with the spine: 30 mm is the reference, wider boxes print larger (up to 1.3×). */
function fields(cls: PrintClass, b: Box, k: number): Field[] {
  const out: Field[] = [
    { label: '全宗号', lines: [cls.fonds.code], height: mm(24), size: 14 * k },
    { label: '年度', lines: [String(cls.query.year)], height: mm(24), size: 14 * k },
    { label: '保管期限', lines: [retentionZh(cls.query.retention)], height: mm(26), size: 14 * k },
  ];
  if (cls.orgName) out.push({ label: '机构(问题)', lines: [cls.orgName], height: mm(28), size: 13 * k });
  out.push({ label: `起止${cls.unit}号`, lines: [no(b.first, cls.unitPad), '至', no(b.last, cls.unitPad)], height: mm(38), size: 14 * k });
  out.push({ label: '盒号', lines: [String(b.no)], height: mm(30), size: 22 * k });
  return out;
}

/**
 * The largest size (from f.size down) at which the value fits: each line on one line if it can, else
 * wrapped, as long as the lines fit the cell's height.
 */
function fitLines(doc: PDFKit.PDFDocument, values: string[], width: number, height: number, f: Face): { face: Face; lines: string[] } {
  for (let size = f.size; ; size -= 0.5) {
    const face = { font: f.font, size };
    const lines = values.flatMap((v) => wrapText(doc, v, width, face));
    const oneEach = lines.length === values.length;
    if ((oneEach || size <= 9) && lines.length * lineHeight(face) <= height) return { face, lines };
    if (size <= 5) return { face, lines };
  }
}

function label(doc: PDFKit.PDFDocument, cls: PrintClass, b: Box, x: number, w: number): void {
  const inner = w - 2 * PAD;
  const k = Math.min(1.3, Math.max(1, w / mm(30)));
  const fs = fields(cls, b, k);
  const fieldsH = fs.reduce((s, f) => s + f.height, 0);
  doc.lineWidth(1).rect(x, LABEL_TOP, w, LABEL_H).stroke();
  const nameH = LABEL_H - fieldsH;
  drawVertical(doc, cls.fonds.name, { x: x + PAD, y: LABEL_TOP + mm(4), w: inner, h: nameH - mm(8) }, SERIF, 18 * k);
  let y = LABEL_TOP + nameH;
  for (const f of fs) {
    doc.lineWidth(0.6).moveTo(x, y).lineTo(x + w, y).stroke();
    const head = fitSize(doc, f.label, inner, { font: HEI, size: 9 * k });
    const headLines = wrapText(doc, f.label, inner, head);
    const headH = headLines.length * lineHeight(head) + mm(2);
    drawLines(doc, headLines, { x, y: y + mm(1), w, h: headH - mm(1) }, head, 'center');
    const { face, lines } = fitLines(doc, f.lines, inner, f.height - headH, { font: SERIF, size: f.size });
    drawLines(doc, lines, { x, y: y + headH, w, h: f.height - headH }, face, 'center');
    y += f.height;
  }
}

/** Cut lines: dashed, running past the labels to the page edge so they show after stacking sheets. */
function cutLines(doc: PDFKit.PDFDocument, xs: number[], left: number, right: number): void {
  doc.save().lineWidth(0.4).strokeColor('#777777').dash(4, { space: 3 });
  for (const x of xs) doc.moveTo(x, mm(3)).lineTo(x, A4.height - mm(3)).stroke();
  for (const y of [LABEL_TOP, LABEL_TOP + LABEL_H]) doc.moveTo(Math.max(mm(3), left - mm(6)), y).lineTo(Math.min(A4.width - mm(3), right + mm(6)), y).stroke();
  doc.undash().restore();
  doc.fillColor('#777777');
  put(doc, '沿虚线裁切', left, A4.height - mm(9), { font: SERIF, size: 7 });
  doc.fillColor('#000000');
}

export function drawBoxSpines(doc: PDFKit.PDFDocument, cls: PrintClass, boxes: Box[], spineWidthMm: number): void {
  const w = mm(spineWidthMm);
  const perPage = Math.max(1, Math.floor((A4.width - 2 * MARGIN_X) / w));
  const list: Box[] = boxes.length ? boxes : [{ no: 1, first: 0, last: 0, count: 0, pages: 0, pagesKnown: true }];
  for (let i = 0; i < list.length; i += perPage) {
    doc.addPage({ size: 'A4', margin: 0 });
    const page = list.slice(i, i + perPage);
    const left = (A4.width - page.length * w) / 2;
    page.forEach((b, j) => label(doc, cls, b, left + j * w, w));
    cutLines(doc, page.map((_b, j) => left + j * w).concat(left + page.length * w), left, left + page.length * w);
  }
}
