import PDFDocument from 'pdfkit';
import { cjkFontObject } from '../../platform/pdf/cjk-font.ts';
import type { Outcome } from './checks/check.types.ts';
import type { IngestReport } from './report.ts';
import { evidenceText, selectRows } from './report.rows.ts';
import { reportFont } from '../../platform/pdf/cjk-font.fast.ts';
import { Pen } from './report.text.ts';
import type { ReportItem } from './runner.ts';

const STAGE = { GD: '归档', YJ: '移交接收', CQ: '长期保存' } as const;
const OUTCOME = { pass: '通过', fail: '不通过', warning: '警告', skipped: '不适用' } as const;
const PROPERTY = { authenticity: '真实性', integrity: '完整性', usability: '可用性', safety: '安全性' } as const;
const COLOR: Record<Outcome, string> = { fail: '#b00020', warning: '#9a6700', pass: 'black', skipped: '#555555' };
const GREY = '#555555';

/**
 * The printable A4 report: the run's head, then every DA/T 70 item code with its result, row counts and
 * package-level message + evidence, then the failing and warning rows (at most PDF_ROWS, shared between the
 * codes, fails first; the rest counted per code). Passing per-file rows are only counted; the JSON has them all.
 */
export function renderReportPdf(r: IngestReport, sha256: string, sm3: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 42, bufferPages: true, info: { Title: `四性检测报告 ${r.filename}`, Creator: '兰台 Lantai' } });
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((res, rej) => { doc.on('end', () => res(Buffer.concat(parts))); doc.on('error', rej); });
  const font = cjkFontObject();
  if (font) doc.font(reportFont(font) as never);
  const pen = new Pen(doc, font?.postscriptName ?? 'Helvetica');

  pen.centre(`电子档案${STAGE[r.stage]}四性检测报告`, 17);
  pen.centre(`Ingest check report (DA/T 70-2018) · ${r.stage}`, 9.5);
  pen.y += 8;
  const verdict = r.verdict === 'pass' ? '通过 PASS' : r.verdict === 'warning' ? '通过（有警告）PASS WITH WARNINGS' : '不通过 FAIL';
  const head: [string, string][] = [
    ['检测任务 Run', r.runId], ['信息包 Package', r.filename], ['信息包 SHA-256', r.packageSha256 ?? '—'], ['结构 Layout', r.package.layout],
    ['全宗 / 门类', `${r.fonds} / ${r.category}`], ['件数 Records', String(r.package.records)], ['内容文件 Files', `${r.package.contentFiles}（${r.package.contentBytes} 字节 bytes）`],
    ['检测方案版本 Config', String(r.configVersion)], ['开始 / 结束', `${r.startedAt} / ${r.finishedAt}`], ['检测人 By', r.createdBy],
    ['结论 Verdict', verdict], ['统计 Counts', `通过 ${r.counts.pass} · 不通过 ${r.counts.fail} · 警告 ${r.counts.warning} · 不适用 ${r.counts.skipped}`],
    ['报告 JSON SHA-256', sha256], ['报告 JSON SM3', sm3],
  ];
  for (const [k, v] of head) {
    pen.place(k, { size: 9, color: GREY }, pen.y);
    pen.para(v, { size: 9, x: pen.left + 118, color: k === '结论 Verdict' ? COLOR[r.verdict] : 'black' }, 2, 13);
  }

  const sel = selectRows(r.items);
  heading(pen, `一、检测项结果 Results by item (${sel.items.length} 项 items)`);
  for (const it of sel.items) {
    pen.need(40);
    const c = it.counts;
    const counts = `条目：通过 ${c.pass} · 不通过 ${c.fail} · 警告 ${c.warning} · 不适用 ${c.skipped}`;
    const cw = pen.measure(counts, 7.5);
    pen.place(counts, { size: 7.5, color: GREY, x: pen.left + pen.width - cw }, pen.y + 1.5);
    pen.para(`${it.code}  ${PROPERTY[it.property]}  ${it.name}  【${OUTCOME[it.outcome]}】`, { size: 9.5, color: COLOR[it.outcome], width: pen.width - cw - 8 }, 2);
    for (const row of it.rows) body(pen, row, 3, 3);
    pen.y += 3;
    pen.rule();
    pen.y += 4;
  }

  const total = r.items.filter((i) => i.outcome === 'fail' || i.outcome === 'warning').length;
  const listed = total - sel.items.reduce((s, i) => s + i.rows.filter((x) => x.outcome === 'fail' || x.outcome === 'warning').length, 0);
  heading(pen, `二、不通过与警告明细（不通过在前）Failures, then warnings (列出 ${sel.details.length} / ${listed} 条 listed)`);
  if (!sel.details.length) pen.line('无 None', { size: 9 });
  for (const row of sel.details) {
    pen.need(26);
    const y = pen.y;
    const tag = `${row.code}  【${OUTCOME[row.outcome]}】`;
    pen.place(tag, { size: 8.5, color: COLOR[row.outcome] }, y);
    const x = pen.left + 92;
    pen.para(row.subject ? `${row.subject}：${row.zh}` : row.zh, { size: 8.5, x }, 2, 11.5);
    const ev = evidenceText(row.evidence);
    if (ev) pen.para(ev, { size: 7, color: GREY, x }, 2, 9.5);
    pen.y += 2.5;
  }
  if (sel.omitted.length) {
    pen.y += 4;
    pen.line('未列出的条目见 JSON 报告 / Not listed here, see the JSON report:', { size: 9 });
    for (const [code, n] of sel.omitted) pen.line(`${code}：不通过 ${n.fail} · 警告 ${n.warning}`, { size: 8.5, x: pen.left + 12 });
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const foot = `${r.runId} · 第 ${i + 1} / ${range.count} 页 page`;
    pen.place(foot, { size: 7, color: GREY, x: pen.left + (pen.width - pen.measure(foot, 7)) / 2 }, doc.page.height - 30);
  }
  doc.end();
  return done;
}

function heading(pen: Pen, text: string) {
  pen.y += 10;
  pen.need(60);
  pen.line(text, { size: 11 }, 16);
  pen.rule('#888888');
  pen.y += 5;
}

/** A row's message (with its subject where the heading has none) and its evidence. */
function body(pen: Pen, row: ReportItem, msgLines: number, evLines: number) {
  pen.para(row.zh, { size: 8.5, x: pen.left + 12 }, msgLines, 11.5);
  const ev = evidenceText(row.evidence);
  if (ev) pen.para(ev, { size: 7, color: GREY, x: pen.left + 12 }, evLines, 9.5);
}
