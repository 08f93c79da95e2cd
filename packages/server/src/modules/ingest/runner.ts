import type { CheckDefinition, CheckServices, IngestPackage, Outcome, Property, Stage } from './checks/check.types.ts';
import { clip } from './checks/check.kit.ts';

export interface ItemConfig { enabled: boolean; settings: Record<string, unknown> }
export type StageConfig = Record<string, ItemConfig>;

export interface ReportItem {
  seq: number;
  checkId: string;
  code: string;
  property: Property;
  name: { zh: string; en: string };
  outcome: Outcome;
  subject: string | null;
  zh: string;
  en: string;
  evidence: Record<string, unknown>;
}

export const verdictOf = (items: Pick<ReportItem, 'outcome'>[]): 'pass' | 'warning' | 'fail' =>
  items.some((i) => i.outcome === 'fail') ? 'fail' : items.some((i) => i.outcome === 'warning') ? 'warning' : 'pass';

export const countsOf = (items: Pick<ReportItem, 'outcome'>[]) => {
  const c = { pass: 0, fail: 0, warning: 0, skipped: 0 };
  for (const i of items) c[i.outcome]++;
  return c;
};

/**
 * Runs the ordered checks for one stage over a package. A check switched off gives one `skipped`
 * item (so the report shows it was not run); a check that throws gives a `fail` item with the
 * error, because an item that could not be verified is not passed. The checks only read the
 * package, so they run at the same time (the per-file ones keep the worker threads, libvips and
 * clamd busy while the others read); their items still come out in the list's order, and
 * `onCheck` is called in that order as each one's turn comes.
 */
export async function runChecks(opts: {
  checks: CheckDefinition[]; pkg: IngestPackage; stage: Stage; config: StageConfig; services: CheckServices; signal: AbortSignal;
  onCheck?: (index: number, total: number, def: CheckDefinition) => Promise<void> | void;
}): Promise<ReportItem[]> {
  opts.signal.throwIfAborted();
  const defs = opts.checks.filter((d) => d.items[opts.stage]);
  const running = defs.map((def) => {
    const cfg = opts.config[def.id];
    if (cfg && !cfg.enabled) return null;
    const run = (async () => def.run({ pkg: opts.pkg, stage: opts.stage, settings: { ...def.defaults, ...cfg?.settings }, signal: opts.signal, services: opts.services }))();
    run.catch(() => undefined); // awaited below, in order
    return run;
  });
  const items: ReportItem[] = [];
  let seq = 0;
  for (const [i, def] of defs.entries()) {
    opts.signal.throwIfAborted();
    await opts.onCheck?.(i, defs.length, def);
    const code = def.items[opts.stage]!;
    const base = { checkId: def.id, code, property: def.property, name: { zh: def.zh, en: def.en } };
    const run = running[i];
    if (!run) {
      items.push({ ...base, seq: ++seq, outcome: 'skipped', subject: null, zh: '本项已在检测方案中关闭', en: 'Switched off in the check configuration', evidence: {} });
      continue;
    }
    try {
      const results = await run;
      for (const r of results) items.push({ ...base, seq: ++seq, outcome: r.outcome, subject: r.subject ? String(clip(r.subject, 500)) : null, zh: String(clip(r.zh, 2000)), en: String(clip(r.en, 2000)), evidence: r.evidence });
    } catch (e) {
      if (opts.signal.aborted) throw e;
      items.push({ ...base, seq: ++seq, outcome: 'fail', subject: null, zh: `检测项执行出错：${(e as Error).message}`, en: `The check failed to run: ${(e as Error).message}`, evidence: { error: String((e as Error).stack ?? e).slice(0, 2000) } });
    }
  }
  return items;
}
