import type { Outcome, Property } from './checks/check.types.ts';
import type { ReportItem } from './runner.ts';

// What the printed report shows (the JSON keeps every row): one block per DA/T 70 item code with its result,
// row counts and its package-level rows (message + evidence), then the failing and warning rows, bounded
// and shared fairly between the item codes, fails first (and printed first). Passing per-file rows are only counted.

/** Package-level rows (no subject) printed in full under their item code; the rest are counted. */
export const SUMMARY_ROWS = 3;
/** Most failing/warning rows printed in the second part; the JSON keeps all of them. */
export const PDF_ROWS = 400;

export interface ItemSummary {
  code: string;
  property: Property;
  name: string;
  outcome: Outcome;
  counts: Record<Outcome, number>;
  /** The package-level rows printed under the code (at most SUMMARY_ROWS). */
  rows: ReportItem[];
}

export interface ReportSelection {
  items: ItemSummary[];
  /** Failing/warning rows to print: the fails, then the warnings, each in report order. */
  details: ReportItem[];
  /** Failing/warning rows not printed, per item code (code → count), in report order. */
  omitted: [string, { fail: number; warning: number }][];
}

const RANK: Record<Outcome, number> = { fail: 3, warning: 2, pass: 1, skipped: 0 };

export function selectRows(rows: ReportItem[], budget = PDF_ROWS): ReportSelection {
  const byCode = new Map<string, ItemSummary>();
  const shown = new Set<ReportItem>();
  for (const r of rows) {
    let s = byCode.get(r.code);
    if (!s) byCode.set(r.code, (s = { code: r.code, property: r.property, name: r.name.zh, outcome: r.outcome, counts: { pass: 0, fail: 0, warning: 0, skipped: 0 }, rows: [] }));
    s.counts[r.outcome]++;
    if (RANK[r.outcome] > RANK[s.outcome]) s.outcome = r.outcome;
    if (r.subject === null && s.rows.length < SUMMARY_ROWS) { s.rows.push(r); shown.add(r); }
  }
  // The failing/warning rows not shown above, per code, fails first; taken in turns so every code gets its share.
  const queues = new Map<string, ReportItem[]>();
  for (const r of rows) {
    if ((r.outcome !== 'fail' && r.outcome !== 'warning') || shown.has(r)) continue;
    let q = queues.get(r.code);
    if (!q) queues.set(r.code, (q = []));
    q.push(r);
  }
  for (const q of queues.values()) q.sort((a, b) => RANK[b.outcome] - RANK[a.outcome] || a.seq - b.seq);
  const picked: ReportItem[] = [];
  const lists = [...queues.values()];
  for (let i = 0, left = budget; left > 0 && lists.some((q) => i < q.length); i++)
    for (const q of lists) if (left > 0 && i < q.length) { picked.push(q[i]!); left--; }
  const taken = new Set(picked);
  const omitted: ReportSelection['omitted'] = [];
  for (const [code, q] of queues) {
    const rest = q.filter((r) => !taken.has(r));
    if (rest.length) omitted.push([code, { fail: rest.filter((r) => r.outcome === 'fail').length, warning: rest.filter((r) => r.outcome === 'warning').length }]);
  }
  return { items: [...byCode.values()], details: picked.sort((a, b) => RANK[b.outcome] - RANK[a.outcome] || a.seq - b.seq), omitted };
}

/** Evidence as one line of JSON, cut at `max` characters (a 2,000-character stack trace stays in the JSON). */
export function evidenceText(ev: Record<string, unknown>, max = 600): string {
  const s = JSON.stringify(ev);
  if (!s || s === '{}') return '';
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
