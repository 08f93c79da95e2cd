import type { z } from 'zod';
import type { ReferenceSheetQuery } from '@lantai/api';
import { HEI, SERIF } from './fonts.ts';
import { drawLines, lineHeight, mm, textWidth, wrapText, type Face } from './pdf-text.ts';
import { longDate, retentionZh } from './print.labels.ts';
import { PAGE, drawHeading, drawTitle } from './print.page.ts';
import type { Box, PrintClass } from './print.source.ts';

export interface SheetContent {
  title: string;
  heading: [string, string][];
  /** 盒内文件情况说明 / 本卷情况说明 */
  explainLabel: string;
  explanation: string;
  /** 整理人 / 立卷人, 检查人, 日期 with their values ('' leaves a line to write on). */
  people: [string, string][];
}

const LABEL: Face = { font: HEI, size: 13 };
const TEXT: Face = { font: SERIF, size: 12 };

/**
 * One 备考表 page (DA/T 22-2015): a frame with the explanation and ruled lines to add notes by hand,
 * then the people who arranged and checked the box and the date.
 */
export function drawSheet(doc: PDFKit.PDFDocument, s: SheetContent): void {
  doc.addPage({ size: 'A4', margin: 0 });
  drawTitle(doc, s.title, PAGE.top + mm(8), { font: HEI, size: 22 }, 22);
  const top = drawHeading(doc, s.heading, PAGE.top + mm(24)) + mm(3);
  const x = PAGE.left, w = PAGE.right - PAGE.left, bottom = PAGE.bottom - mm(5);
  doc.lineWidth(1).rect(x, top, w, bottom - top).stroke();
  const pad = mm(6);
  drawLines(doc, [s.explainLabel], { x: x + pad, y: top + pad, w: w - 2 * pad, h: lineHeight(LABEL) }, LABEL, 'left');
  const lh = TEXT.size * 2.2;
  const lines = wrapText(doc, s.explanation, w - 2 * pad - TEXT.size * 2, TEXT);
  let y = top + pad + lineHeight(LABEL) + mm(4);
  const peopleTop = bottom - pad - s.people.length * mm(12);
  // Ruled lines: the printed explanation first (indented like a paragraph), the rest left for handwriting.
  for (let i = 0; y + lh <= peopleTop - mm(6) || i < lines.length; i++, y += lh) {
    const l = lines[i];
    if (l) drawLines(doc, [l], { x: x + pad, y, w: w - 2 * pad, h: lh }, TEXT, 'left', 'middle', i === 0 ? TEXT.size * 2 : 0);
    doc.lineWidth(0.4).strokeColor('#888888').moveTo(x + pad, y + lh).lineTo(x + w - pad, y + lh).stroke().strokeColor('#000000');
  }
  const labelW = Math.max(...s.people.map(([k]) => textWidth(doc, k, TEXT)));
  const px = x + w / 2;
  s.people.forEach(([k, v], i) => {
    const py = Math.max(peopleTop, y + mm(4)) + i * mm(12);
    drawLines(doc, [k], { x: px, y: py, w: labelW, h: mm(8) }, TEXT, 'left');
    const vx = px + labelW + mm(2);
    drawLines(doc, [v], { x: vx, y: py, w: x + w - pad - vx, h: mm(8) }, TEXT, 'center');
    doc.lineWidth(0.6).moveTo(vx, py + mm(8)).lineTo(x + w - pad, py + mm(8)).stroke();
  });
}

const no = (n: number, pad: number) => String(n).padStart(pad, '0');

/** 备考表 for each box of the class (DA/T 22: 盒内文件情况说明, 整理人, 检查人, 日期). */
export function drawReferenceSheet(doc: PDFKit.PDFDocument, cls: PrintClass, boxes: Box[], q: z.infer<typeof ReferenceSheetQuery>): void {
  const list: (Box | undefined)[] = boxes.length ? boxes : [undefined];
  for (const b of list) {
    const range = b ? `${no(b.first, cls.unitPad)}—${no(b.last, cls.unitPad)}` : '';
    const explanation = b
      ? `本盒共有文件 ${b.count} ${cls.unit}${b.pagesKnown ? `，共 ${b.pages} 页` : ''}，${cls.unit}号 ${range}。`
      : `本类暂无文件。`;
    drawSheet(doc, {
      title: '备考表',
      heading: [['全宗号', cls.fonds.code], ['年度', String(cls.query.year)], ['保管期限', retentionZh(cls.query.retention)],
        ['机构(问题)', cls.orgName], ['盒号', b ? String(b.no) : ''], [`起止${cls.unit}号`, range]],
      explainLabel: '盒内文件情况说明', explanation,
      people: [['整理人：', q.arranger ?? ''], ['检查人：', q.checker ?? ''], ['日期：', q.date ? longDate(q.date) : longDate()]],
    });
  }
}

