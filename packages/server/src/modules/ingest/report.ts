import type { ObjectStorage } from '../../platform/storage/index.ts';
import { VERSION } from '../../version.ts';
import type { IngestPackage, Stage } from './checks/check.types.ts';
import { renderReportPdf } from './report.pdf.ts';
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

export function reportJson(head: ReportHead, pkg: IngestPackage, items: ReportItem[]) {
  const content = pkg.files.filter((f) => (f.role ?? 'content') === 'content');
  return {
    format: 'lantai-ingest-report/1', software: `Lantai ${VERSION}`, standard: 'DA/T 70-2018', ...head, finishedAt: new Date().toISOString(),
    verdict: verdictOf(items), counts: countsOf(items),
    package: { layout: pkg.layout, records: pkg.records.length, files: pkg.files.length, contentFiles: content.length, contentBytes: content.reduce((s, f) => s + f.size, 0), declared: pkg.declared, info: pkg.info ?? {} },
    items,
  };
}

export type IngestReport = ReturnType<typeof reportJson>;

/**
 * Stores the report immutably: the JSON (canonical bytes, its SHA-256 and SM3 on the run; every row) and a
 * printable PDF (CJK font; report.pdf.ts) listing every item code, result and evidence and the failing rows.
 * Both are built in memory (a PDF of a few hundred KB); `_workDir` is kept for the callers' signature.
 */
export async function storeReport(storage: ObjectStorage, _workDir: string, report: IngestReport) {
  const json = await storage.put(Buffer.from(JSON.stringify(report, null, 1), 'utf8'));
  const pdf = await storage.put(await renderReportPdf(report, json.sha256, json.sm3));
  return { sha256: json.sha256, sm3: json.sm3, pdfSha256: pdf.sha256 };
}
