// Query timing for bench/search.bench.ts: p50/p95/p99 per scope for the design and its paired baselines (the same
// query without facets, and without scope tokens, each taken in the same moment so machine load affects them alike),
// per-query medians, and EXPLAIN ANALYZE of the statements of the slowest searches.
import os from 'node:os';
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../packages/server/src/platform/db/schema.ts';
import type { PgSearch } from '../packages/server/src/platform/search/pg.search.ts';
import type { FacetName, SearchScope } from '../packages/server/src/platform/search/search.port.ts';
import { QUERIES } from './search.corpus.ts';

export const FACETS: FacetName[] = ['fonds', 'category', 'year', 'retention', 'security', 'openStatus'];
export const STAFF: SearchScope = { kind: 'staff', fondsCodes: ['J001', 'J002', 'J003', 'J011', 'J012'], securities: ['public', 'internal'] };
export const SCOPES: Array<[string, SearchScope]> = [['staff (5 of 20 fonds, ≤ 内部)', STAFF], ['public (opened only)', { kind: 'public' }]];
export const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
export type Statement = { sql: string; params: readonly unknown[] };

/** One way of searching, timed side by side with the others (same query, same moment). */
export interface Variant { label: string; port: PgSearch; facets: boolean }
type Per = { ms: number[][]; total: string; stmts: number };

/**
 * Times every query under `scope` in every variant, `passes` times in shuffled order, the variants of one query back
 * to back in rotating order (so machine load and cache warmth affect them alike). Variant 0 is the design measured;
 * the others are paired baselines. Returns the queries, slowest first (variant 0), for the plans.
 */
export async function timeScope(variants: Variant[], label: string, scope: SearchScope, passes: number, statements: Statement[], quiet = false) {
  const all: number[][] = variants.map(() => []);
  const per = new Map<string, Per>();
  const loads: number[] = [];
  for (let p = 0; p < passes; p++) {
    loads.push(os.loadavg()[0]!);
    for (const q of shuffle([...QUERIES], p)) {
      const e = per.get(q) ?? { ms: variants.map(() => []), total: '', stmts: 0 };
      for (let k = 0; k < variants.length; k++) {
        const i = (k + p) % variants.length;
        const v = variants[i]!;
        const before = statements.length;
        const s = performance.now();
        const r = await v.port.search({ text: q, ...(v.facets ? { facets: FACETS } : {}) }, scope);
        const d = performance.now() - s;
        all[i]!.push(d);
        e.ms[i]!.push(d);
        if (i === 0) {
          e.total = `${r.total.exact ? '' : '约 '}${r.total.value}`;
          e.stmts = statements.length - before;
        }
      }
      per.set(q, e);
    }
  }
  loads.push(os.loadavg()[0]!);
  const sorted = [...per].sort((a, b) => pct(b[1].ms[0]!, 50) - pct(a[1].ms[0]!, 50));
  if (quiet) return sorted.map(([q]) => q);
  const line = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms, < 100 ms ${((xs.filter((x) => x < 100).length / xs.length) * 100).toFixed(0)}%`;
  console.log(`\n${label}: ${all[0]!.length} searches per variant; 1-min load average during the passes ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (now ${load()})`);
  variants.forEach((v, i) => console.log(`  ${v.label}: ${line(all[i]!)}`));
  console.log(`| query | ${variants.map((v) => `median ms: ${v.label}`).join(' | ')} | total | statements |\n|---|${variants.map(() => '---|').join('')}---|---|`);
  for (const [q, e] of sorted) console.log(`| ${q} | ${e.ms.map((xs) => pct(xs, 50).toFixed(1)).join(' | ')} | ${e.total} | ${e.stmts} |`);
  return sorted.map(([q]) => q);
}

/** EXPLAIN ANALYZE of each statement of these searches (run again to capture their SQL). */
export async function explain(db: Kysely<DB>, port: PgSearch, statements: Statement[], queries: string[], scope: SearchScope) {
  for (const q of queries) {
    statements.length = 0;
    await port.search({ text: q, facets: FACETS }, scope);
    const captured = [...statements];
    for (const [i, s] of captured.entries()) {
      const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${s.sql}`, [...s.params]));
      console.log(`\n-- plan: ${q} (${scope.kind}), statement ${i + 1} of ${captured.length}, load ${load()}\n` + r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
  }
}

function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed + 1;
  for (let i = xs.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
