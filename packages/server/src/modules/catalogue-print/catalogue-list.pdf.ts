import { TablePager, type Column } from './pdf-table.ts';
import { A4, mm, put, textWidth, type Face } from './pdf-text.ts';
import { printDate, retentionZh, securityZh } from './print.labels.ts';
import { BODY, CENTRE, HEAD, PAGE, drawFieldRows, drawFooter, drawHeading, drawTitle } from './print.page.ts';
import type { PrintClass, RecordRow } from './print.source.ts';
import { HEI, SERIF } from './fonts.ts';

/**
 * 归档文件目录 (DA/T 22-2015): one row per 件 — 序号, 档号, 文号, 责任者, 题名, 日期, 密级, 页数, 备注 —
 * on A4 portrait after a cover. A class arranged by 卷 prints its 案卷目录 the same way.
 */
const CODE: Face = { font: SERIF, size: 8.5 };
const W = (v: number) => mm(v);

const ITEM_COLUMNS: Column<RecordRow>[] = [
  { title: '序号', width: W(10), value: (_r, no) => String(no) },
  { title: '档号', width: W(30), face: CODE, value: (r) => r.archival_code },
  { title: '文号', width: W(20), value: (r) => r.doc_number },
  { title: '责任者', width: W(18), value: (r) => r.responsible },
  { title: '题名', width: W(48), align: 'left', value: (r) => r.title },
  { title: '日期', width: W(17), value: (r) => printDate(r.doc_date) },
  { title: '密级', width: W(9), value: (r) => securityZh(r.security) },
  { title: '页数', width: W(8), value: (r) => (r.pages === null ? '' : String(r.pages)) },
  { title: '备注', width: W(10), align: 'left', value: (r) => r.remarks },
];

const VOLUME_COLUMNS: Column<RecordRow>[] = [
  { title: '序号', width: W(10), value: (_r, no) => String(no) },
  { title: '档号', width: W(30), face: CODE, value: (r) => r.archival_code },
  { title: '案卷题名', width: W(57), align: 'left', value: (r) => r.title },
  { title: '责任者', width: W(18), value: (r) => r.responsible },
  { title: '日期', width: W(17), value: (r) => printDate(r.doc_date) },
  { title: '保管期限', width: W(12), value: (r) => retentionZh(r.retention) },
  { title: '密级', width: W(9), value: (r) => securityZh(r.security) },
  { title: '页数', width: W(8), value: (r) => (r.pages === null ? '' : String(r.pages)) },
  { title: '备注', width: W(9), align: 'left', value: (r) => r.remarks },
];

export const listTitle = (cls: PrintClass) => (cls.category.mode === 'volume' ? '案卷目录' : '归档文件目录');

const heading = (cls: PrintClass): [string, string][] => [
  ['全宗号', cls.fonds.code], ['门类', cls.category.name], ['年度', String(cls.query.year)],
  ['保管期限', retentionZh(cls.query.retention)], ['机构(问题)', cls.orgName],
];

/**
 * The table of a class. With draw=false it only counts pages; with draw=true each page gets the title,
 * the class heading and "第 N 页 共 M 页" (M from the counting pass).
 */
export function catalogueTable(doc: PDFKit.PDFDocument, cls: PrintClass, draw: boolean, totalPages: number): TablePager<RecordRow> {
  const top = PAGE.top + mm(19);
  const cols = cls.category.mode === 'volume' ? VOLUME_COLUMNS : ITEM_COLUMNS;
  return new TablePager(doc, cols, {
    left: PAGE.left, top, bottom: PAGE.bottom, body: BODY, head: HEAD, headHeight: mm(9), minRowHeight: mm(9), padX: 3, padY: 3,
    // A row split between pages goes on under “（续）” in its 题名 (案卷题名) column.
    continued: { column: cols.findIndex((c) => c.title.endsWith('题名')), text: '（续）' },
    newPage(n) {
      doc.addPage({ size: 'A4', margin: 0 });
      drawTitle(doc, listTitle(cls), PAGE.top);
      drawHeading(doc, heading(cls), PAGE.top + mm(10));
      drawFooter(doc, n, totalPages);
    },
  }, draw);
}

/** 目录封面: 全宗名称, 年度, 保管期限, 机构(问题), with the 全宗号 in the corner. */
export function drawCover(doc: PDFKit.PDFDocument, cls: PrintClass, pages: number): void {
  doc.addPage({ size: 'A4', margin: 0 });
  const corner: Face = { font: SERIF, size: 11 };
  put(doc, `全宗号：${cls.fonds.code}`, PAGE.right - mm(45), PAGE.top + mm(8), corner);
  const title = listTitle(cls);
  drawTitle(doc, title, mm(85), { font: HEI, size: 30 }, 30 * (title.length > 5 ? 0.6 : 1));
  const rows: [string, string][] = [
    ['全宗名称', cls.fonds.name], ['年度', String(cls.query.year)], ['保管期限', retentionZh(cls.query.retention)],
    ['机构(问题)', cls.orgName || (cls.query.orgCode === undefined ? '（全部）' : '')],
  ];
  const below = drawFieldRows(doc, rows, mm(150), { font: SERIF, size: 16 }, mm(90));
  const foot: Face = { font: SERIF, size: 11 };
  const note = `本目录共 ${pages} 页`;
  put(doc, note, CENTRE - textWidth(doc, note, foot) / 2, Math.max(below + mm(20), A4.height - mm(45)), foot);
}
