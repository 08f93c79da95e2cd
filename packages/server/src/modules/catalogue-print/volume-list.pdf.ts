import type { z } from 'zod';
import type { VolumeSheetQuery } from '@lantai/api';
import { TablePager, type Column } from './pdf-table.ts';
import { mm, wrapText } from './pdf-text.ts';
import { longDate, printDate, retentionZh } from './print.labels.ts';
import { BODY, HEAD, PAGE, SMALL, drawFooter, drawHeading, drawTitle } from './print.page.ts';
import type { RecordRow } from './print.source.ts';
import { drawSheet } from './reference-sheet.pdf.ts';

interface Item { row: RecordRow; pageNo: string }

/**
 * 页号: where each 件 starts in the 卷, the last one as "起—止". Once a 件 has no page count the rest
 * cannot be known and stay blank for the archivist to fill in.
 */
function withPageNumbers(items: RecordRow[]): Item[] {
  let next: number | null = 1;
  return items.map((row, i) => {
    const start = next;
    next = next !== null && row.pages !== null ? next + row.pages : null;
    const last = i === items.length - 1;
    const pageNo = start === null ? '' : last && next !== null && next - 1 > start ? `${start}—${next - 1}` : String(start);
    return { row, pageNo };
  });
}

const COLUMNS: Column<Item>[] = [
  { title: '序号', width: mm(9), value: (_i, no) => String(no) },
  { title: '文号', width: mm(24), value: (i) => i.row.doc_number },
  { title: '责任者', width: mm(22), value: (i) => i.row.responsible },
  { title: '题名', width: mm(62), align: 'left', value: (i) => i.row.title },
  { title: '日期', width: mm(17), value: (i) => printDate(i.row.doc_date) },
  { title: '页号', width: mm(16), value: (i) => i.pageNo },
  { title: '备注', width: mm(20), align: 'left', value: (i) => i.row.remarks },
];

type Volume = RecordRow & { fonds_code: string; fonds_name: string };

/** 卷内目录 (序号, 文号, 责任者, 题名, 日期, 页号, 备注) of one 卷, then its 卷内备考表. */
export function drawVolumeList(doc: PDFKit.PDFDocument, vol: Volume, rows: RecordRow[], q: z.infer<typeof VolumeSheetQuery>): void {
  const items = withPageNumbers(rows);
  const heading: [string, string][] = [['档号', vol.archival_code], ['案卷题名', vol.title], ['保管期限', retentionZh(vol.retention)]];
  const headingLines = wrapText(doc, heading.map(([k, v]) => `${k}：${v}`).join('　　'), PAGE.right - PAGE.left, SMALL).length;
  const top = PAGE.top + mm(12) + headingLines * SMALL.size * 1.3 + mm(3);
  const table = (draw: boolean, total: number) => new TablePager(doc, COLUMNS, {
    left: PAGE.left, top, bottom: PAGE.bottom, body: BODY, head: HEAD, headHeight: mm(9), minRowHeight: mm(9), padX: 3, padY: 3,
    continued: { column: COLUMNS.findIndex((c) => c.title === '题名'), text: '（续）' },
    newPage(n) {
      doc.addPage({ size: 'A4', margin: 0 });
      drawTitle(doc, '卷内目录', PAGE.top);
      drawHeading(doc, heading, PAGE.top + mm(12));
      drawFooter(doc, n, total);
    },
  }, draw);
  const plan = table(false, 0);
  items.forEach((i) => plan.add(i));
  plan.finish();
  const t = table(true, plan.pages);
  items.forEach((i) => t.add(i));
  t.finish();

  const pages = rows.every((r) => r.pages !== null) ? rows.reduce((s, r) => s + (r.pages ?? 0), 0) : null;
  drawSheet(doc, {
    title: '卷内备考表',
    heading: [['档号', vol.archival_code], ['全宗名称', vol.fonds_name]],
    explainLabel: '本卷情况说明',
    explanation: `本卷共有文件材料 ${rows.length} 件${pages !== null ? `，共 ${pages} 页` : ''}。`,
    people: [['立卷人：', q.arranger ?? ''], ['检查人：', q.checker ?? ''], ['立卷时间：', longDate(q.date)]],
  });
}
