import type { CheckContext, CheckResult, IngestPackage, Outcome, PackageFile } from '../checks/check.types.js';
import { MAX_RESULTS } from '../checks/check.kit.js';
import { errorText, worst, type Finding } from './finding.js';

// Shared by the file-level checks: which files to look at, bounded concurrency, and how per-file findings
// become report rows (one row per file that is not a plain pass, plus one summary row for the package).

/** The content files of the package: its records' files (deduplicated by path), else every file whose role is content. */
export function contentFiles(pkg: IngestPackage): PackageFile[] {
  const seen = new Map<string, PackageFile>();
  for (const r of pkg.records) for (const f of r.files) if (!seen.has(f.path)) seen.set(f.path, f);
  if (seen.size === 0) for (const f of pkg.files) if (!f.role || f.role === 'content') seen.set(f.path, f);
  return [...seen.values()];
}

/** Runs fn over items with at most `limit` in flight; stops starting new ones once the signal is aborted. */
export async function mapLimit<T, R>(items: T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export interface FileRunOptions {
  concurrency?: number;
  /** Report a row for passing files too (default: only a count in the summary). */
  reportPassing?: boolean;
  /** Finding codes that are only counted, never given a row of their own (e.g. 'nothing to check here'). */
  quietCodes?: string[];
  /** Extra evidence for the summary row (tool name and version …). */
  summaryEvidence?: Record<string, unknown>;
  zh: string;
  en: string;
}

/**
 * Analyzes each file (an analyzer that throws becomes a 'fail' row with the error, never an exception) and
 * returns the per-file rows plus one package-wide summary row whose outcome is the worst of them.
 */
export async function perFile(
  ctx: CheckContext,
  files: PackageFile[],
  analyze: (f: PackageFile) => Promise<Finding[]>,
  opts: FileRunOptions,
): Promise<CheckResult[]> {
  let done = 0;
  const findings = await mapLimit(files, opts.concurrency ?? 4, ctx.signal, async (f) => {
    try {
      return await analyze(f);
    } catch (e) {
      return [
        {
          outcome: 'fail',
          code: 'analyzer.error',
          zh: `检测出错：${errorText(e)}`,
          en: `The check failed: ${errorText(e)}`,
          evidence: { error: errorText(e) },
        } satisfies Finding,
      ];
    } finally {
      ctx.progress?.(++done, files.length);
    }
  });
  const rows: CheckResult[] = [];
  const omitted: Outcome[] = [];
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, warning: 0, skipped: 0 };
  const codes: Record<string, number> = {};
  files.forEach((f, i) => {
    const fs = findings[i];
    if (!fs) return; // not reached: cancelled
    const outcome = worst(fs.map((x) => x.outcome));
    counts[outcome]++;
    for (const x of fs) codes[x.code] = (codes[x.code] ?? 0) + 1;
    for (const x of fs) {
      if ((x.outcome === 'pass' && !opts.reportPassing) || opts.quietCodes?.includes(x.code)) continue;
      if (rows.length < MAX_RESULTS) rows.push({ outcome: x.outcome, subject: f.path, zh: x.zh, en: x.en, evidence: { code: x.code, ...x.evidence } });
      else omitted.push(x.outcome);
    }
  });
  // Like every check (check.kit collector): at most MAX_RESULTS rows; the rest are counted (the summary has them by code).
  if (omitted.length)
    rows.push({
      outcome: worst(omitted),
      zh: `另有 ${omitted.length} 条同类结果未列出（按代码的计数见汇总）`,
      en: `${omitted.length} more results not listed (counted by code in the summary)`,
      evidence: { omitted: omitted.length },
    });
  const checked = counts.pass + counts.fail + counts.warning + counts.skipped;
  const outcome: Outcome = ctx.signal.aborted
    ? 'skipped'
    : checked === 0
      ? 'pass'
      : worst(
          Object.entries(counts)
            .filter(([, n]) => n > 0)
            .map(([o]) => o as Outcome),
        );
  rows.unshift({
    outcome,
    zh: `${opts.zh}：共 ${files.length} 个文件，通过 ${counts.pass}，警告 ${counts.warning}，不通过 ${counts.fail}，跳过 ${counts.skipped}`,
    en: `${opts.en}: ${files.length} files, ${counts.pass} passed, ${counts.warning} warnings, ${counts.fail} failed, ${counts.skipped} skipped`,
    evidence: { files: files.length, ...counts, findings: codes, cancelled: ctx.signal.aborted || undefined, ...opts.summaryEvidence },
  });
  return rows;
}
