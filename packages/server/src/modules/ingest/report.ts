import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { cjkFontObject } from '../../platform/pdf/cjk-font.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { VERSION } from '../../version.ts';
import type { IngestPackage, Stage } from './checks/check.types.ts';
import { countsOf, verdictOf, type ReportItem } from './runner.ts';

export interface ReportHead {
  runId: string;
  stage: Stage;
  filename: string;
  packageSha256: string | null;
  configVersion: number;
  fonds: string;
  category: string;
  startedAt: string;
  createdBy: string;
}

const STAGE = { GD: '归档', YJ: '移交接收', CQ: '长期保存' } as const;
const OUTCOME = { pass: '通过', fail: '不通过', warning: '警告', skipped: '不适用' } as const;
const PROPERTY = { authenticity: '真实性', integrity: '完整性', usability: '可用性', safety: '安全性' } as const;

export function reportJson(head: ReportHead, pkg: IngestPackage, items: ReportItem[]) {
  const content = pkg.files.filter((f) => (f.role ?? 'content') === 'content');
  return {
    format: 'lantai-ingest-report/1', software: `Lantai ${VERSION}`, standard: 'DA/T 70-2018', ...head, finishedAt: new Date().toISOString(),
    verdict: verdictOf(items), counts: countsOf(items),
    package: { layout: pkg.layout, records: pkg.records.length, files: pkg.files.length, contentFiles: content.length, contentBytes: content.reduce((s, f) => s + f.size, 0), declared: pkg.declared, info: pkg.info ?? {} },
    items,
  };
}

/**
 * Stores the report immutably: the JSON (canonical bytes, its SHA-256 and SM3 on the run) and a
 * printable PDF (CJK font) listing every item code, result and evidence.
 */
export async function storeReport(storage: ObjectStorage, workDir: string, report: ReturnType<typeof reportJson>) {
  const json = await storage.put(Buffer.from(JSON.stringify(report, null, 1), 'utf8'));
  const pdfFile = path.join(workDir, 'report.pdf');
  await writePdf(pdfFile, report, json.sha256, json.sm3);
  const pdf = await storage.put(createReadStream(pdfFile));
  await fs.rm(pdfFile, { force: true });
  return { sha256: json.sha256, sm3: json.sm3, pdfSha256: pdf.sha256 };
}

/** Most item rows printed; the JSON keeps all of them. */
const PDF_ROWS = 400;

async function writePdf(file: string, r: ReturnType<typeof reportJson>, sha256: string, sm3: string) {
  const doc = new PDFDocument({ size: 'A4', margin: 42, info: { Title: `四性检测报告 ${r.filename}`, Creator: '兰台 Lantai' } });
  const out = createWriteStream(file);
  const done = new Promise<void>((res, rej) => { out.on('finish', res); out.on('error', rej); });
  doc.pipe(out);
  const font = cjkFontObject();
  if (font) doc.font(font as never);
  doc.fontSize(18).text(`电子档案${STAGE[r.stage]}四性检测报告`, { align: 'center' }).moveDown(0.3);
  doc.fontSize(10).text(`Ingest check report (DA/T 70-2018) · ${r.stage}`, { align: 'center' }).moveDown();
  const verdict = r.verdict === 'pass' ? '通过 PASS' : r.verdict === 'warning' ? '通过（有警告）PASS WITH WARNINGS' : '不通过 FAIL';
  const lines: [string, string][] = [
    ['检测任务 Run', r.runId], ['信息包 Package', r.filename], ['信息包 SHA-256', r.packageSha256 ?? '—'], ['结构 Layout', r.package.layout],
    ['全宗 / 门类', `${r.fonds} / ${r.category}`], ['件数 Records', String(r.package.records)], ['内容文件 Files', `${r.package.contentFiles}（${r.package.contentBytes} 字节 bytes）`],
    ['检测方案版本 Config', String(r.configVersion)], ['开始 / 结束', `${r.startedAt} / ${r.finishedAt}`], ['检测人 By', r.createdBy],
    ['结论 Verdict', verdict], ['统计 Counts', `通过 ${r.counts.pass} · 不通过 ${r.counts.fail} · 警告 ${r.counts.warning} · 不适用 ${r.counts.skipped}`],
    ['报告 JSON SHA-256', sha256], ['报告 JSON SM3', sm3],
  ];
  for (const [k, v] of lines) doc.fontSize(9.5).text(`${k}：${v}`);
  doc.moveDown();
  for (const it of r.items.slice(0, PDF_ROWS)) {
    const ev = JSON.stringify(it.evidence);
    doc.fontSize(9.5).fillColor(it.outcome === 'fail' ? '#b00020' : it.outcome === 'warning' ? '#9a6700' : 'black')
      .text(`${it.code}  ${PROPERTY[it.property]}  ${it.name.zh}  【${OUTCOME[it.outcome]}】`);
    doc.fillColor('black').fontSize(8.5).text(`${it.subject ? `${it.subject}：` : ''}${it.zh}`, { indent: 12 });
    if (ev !== '{}') doc.fillColor('#555555').fontSize(7.5).text(ev.length > 600 ? `${ev.slice(0, 600)}…` : ev, { indent: 12 });
    doc.fillColor('black').moveDown(0.3);
  }
  if (r.items.length > PDF_ROWS) doc.fontSize(9).text(`另有 ${r.items.length - PDF_ROWS} 条结果见 JSON 报告 / ${r.items.length - PDF_ROWS} more results in the JSON report`);
  doc.end();
  await done;
}
