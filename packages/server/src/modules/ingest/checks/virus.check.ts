// Exports: virusScannerCheck (id 'virus-scanner', GD-4-1 杀毒软件安装检测) and virusScanCheck (id 'virus-scan',
// GD-4-2 病毒感染检测) — for checks/index.ts. Both talk to clamd (services.clamd) over its socket; no downloads.
import type { CheckContext, CheckDefinition, CheckResult, Outcome } from './check.types.js';
import { clamdThreads } from '../analyzers/clamd.client.js';
import { scannerInfo, type ScannerInfo } from '../analyzers/clamd.info.js';
import { ClamdPool } from '../analyzers/clamd.pool.js';
import { finding } from '../analyzers/finding.js';
import { perFile } from '../analyzers/per-file.js';

/** Scans in flight when clamd's MaxThreads is known (more than a few only queue in clamd) and when it is not. */
const AUTO_MAX = 8;
const AUTO_FALLBACK = 4;

/** 'fail' (default: DA/T 70 asks that a scanner is present) or 'skipped' when clamd is not configured or down. */
const unavailableOutcome = (ctx: CheckContext): Outcome => (ctx.settings.whenUnavailable === 'skipped' ? 'skipped' : 'fail');

const scannerEvidence = (i: ScannerInfo) => ({
  tool: 'clamd',
  version: i.version ?? null,
  engine: i.engine,
  signatureDbVersion: i.dbVersion,
  signatureDbDate: i.dbDate,
  address: i.address,
  databaseDirectory: i.databaseDirectory,
  signatureFiles: i.signatureFiles,
  error: i.error,
});

function unavailable(ctx: CheckContext, info: ScannerInfo | undefined): CheckResult {
  const why = info ? `${info.address}: ${info.error ?? 'no ClamAV reply'}` : 'no clamd configured';
  return {
    outcome: unavailableOutcome(ctx),
    zh: `病毒扫描程序（ClamAV clamd）不可用：${why}`,
    en: `The virus scanner (ClamAV clamd) is not available: ${why}`,
    evidence: info ? scannerEvidence(info) : { tool: 'clamd', configured: false },
  };
}

export const virusScannerCheck: CheckDefinition = {
  id: 'virus-scanner',
  items: { GD: 'GD-4-1', YJ: 'YJ-4-1', CQ: 'CQ-4-1' },
  property: 'safety',
  zh: '系统环境中是否安装杀毒软件检测（ClamAV）',
  en: 'A virus scanner is installed (ClamAV)',
  defaults: { whenUnavailable: 'fail', timeoutMs: 5_000 },
  choices: { whenUnavailable: ['fail', 'skipped'] },
  ranges: { timeoutMs: [100, 600_000] },
  async run(ctx) {
    const addr = ctx.services.clamd;
    if (!addr) return [unavailable(ctx, undefined)];
    const info = await scannerInfo(addr, Number(ctx.settings.timeoutMs) || 5_000, ctx.signal);
    if (!info.available) return [unavailable(ctx, info)];
    const sigs = info.signatureFiles?.reduce((n, f) => n + (f.signatures ?? 0), 0);
    return [
      {
        outcome: 'pass',
        zh: `已安装杀毒软件：${info.version}${sigs !== undefined ? `，病毒库 ${info.signatureFiles!.length} 个文件、${sigs} 条特征` : ''}`,
        en: `Virus scanner present: ${info.version}${sigs !== undefined ? `, ${info.signatureFiles!.length} signature files with ${sigs} signatures` : ''}`,
        evidence: scannerEvidence(info),
      },
    ];
  },
};

export const virusScanCheck: CheckDefinition = {
  id: 'virus-scan',
  items: { GD: 'GD-4-2', YJ: 'YJ-4-2', CQ: 'CQ-4-2' },
  property: 'safety',
  zh: '病毒感染检测（ClamAV，全部文件）',
  en: 'Virus infection scan (ClamAV, every file)',
  // concurrency: scans in flight, one clamd session each ('auto': clamd's MaxThreads from STATS, at most AUTO_MAX).
  // mode: 'stream' (INSTREAM: clamd needs no access to our files) or 'path' (SCAN: clamd on this machine reads the
  // extracted file itself, so its user must be able to read the data folder).
  defaults: { whenUnavailable: 'fail', timeoutMs: 120_000, concurrency: 'auto', mode: 'stream' },
  choices: { whenUnavailable: ['fail', 'skipped'], mode: ['stream', 'path'] },
  ranges: { timeoutMs: [1_000, 3_600_000] },
  async run(ctx) {
    const addr = ctx.services.clamd;
    if (!addr) return [unavailable(ctx, undefined)];
    const info = await scannerInfo(addr, 5_000, ctx.signal);
    if (!info.available) return [unavailable(ctx, info)];
    const timeoutMs = Number(ctx.settings.timeoutMs) || 120_000;
    const down = unavailableOutcome(ctx);
    const threads = await clamdThreads(addr, 5_000, ctx.signal);
    const inFlight = Number(ctx.settings.concurrency) || Math.min(AUTO_MAX, threads?.max ?? AUTO_FALLBACK);
    const mode = ctx.settings.mode === 'path' ? 'path' : 'stream';
    const pool = new ClamdPool(addr, { sessions: inFlight, timeoutMs, signal: ctx.signal, mode });
    const rows = await perFile(
      ctx,
      ctx.pkg.files,
      async (f) => {
        const r = await pool.scanFile(f.absPath);
        const ev = { tool: 'clamd', version: info.version };
        if (r.status === 'infected')
          return [
            finding(
              'fail',
              'virus.found',
              `发现病毒：${r.signature}（已标记隔离）`,
              `Virus found: ${r.signature} (flagged for quarantine)`,
              { ...ev, signature: r.signature, quarantine: true, reply: r.reply },
            ),
          ];
        if (r.status === 'error')
          return [
            finding(down, 'virus.not-scanned', `未能完成扫描：${r.error}`, `The file could not be scanned: ${r.error}`, {
              ...ev,
              error: r.error,
            }),
          ];
        return [finding('pass', 'virus.clean', '未发现病毒', 'No virus found', ev)];
      },
      { concurrency: inFlight, zh: '病毒扫描', en: 'Virus scan', summaryEvidence: scannerEvidence(info) },
    ).finally(() => pool.close());
    rows[0]!.evidence.clamd = { mode, inFlight, clamdMaxThreads: threads?.max, sessions: pool.stats.opened, retried: pool.stats.retried };
    return rows;
  },
};
