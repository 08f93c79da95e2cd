// Query timing for bench/search.bench.ts: p50/p95/p99 per scope, each search paired with the same query without
// facets (a baseline taken in the same moment, so machine load affects both alike), per-query medians, and
// EXPLAIN ANALYZE of the statements of the slowest searches.
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

type Per = { ms: number[]; bare: number[]; total: string; stmts: number };

/** Times every query under `scope`, `passes` times in shuffled order; returns the per-query figures for the plans. */
export async function timeScope(port: PgSearch, label: string, scope: SearchScope, passes: number, statements: Statement[]) {
  const ms: number[] = [];
  const bare: number[] = [];
  const per = new Map<string, Per>();
  const loads: number[] = [];
  for (let p = 0; p < passes; p++) {
    loads.push(os.loadavg()[0]!);
    for (const q of shuffle([...QUERIES], p)) {
      const e = per.get(q) ?? { ms: [], bare: [], total: '', stmts: 0 };
      // Alternate which goes first, so neither always gets the warmer cache.
      const order = p % 2 === 0 ? [true, false] : [false, true];
      for (const withFacets of order) {
        const before = statements.length;
        const s = performance.now();
        const r = await port.search({ text: q, ...(withFacets ? { facets: FACETS } : {}) }, scope);
        const d = performance.now() - s;
        if (withFacets) {
          ms.push(d);
          e.ms.push(d);
          e.total = `${r.total.exact ? '' : '约 '}${r.total.value}`;
          e.stmts = statements.length - before;
        } else {
          bare.push(d);
          e.bare.push(d);
        }
      }
      per.set(q, e);
    }
  }
  loads.push(os.loadavg()[0]!);
  const line = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms, < 100 ms ${((xs.filter((x) => x < 100).length / xs.length) * 100).toFixed(0)}%`;
  console.log(`\n${label}: ${ms.length} searches with six facets: ${line(ms)}`);
  console.log(`${label}: the same ${bare.length} without facets (paired baseline): ${line(bare)}`);
  console.log(`1-min load average during the passes: ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (now ${load()})`);
  console.log('| query | median ms (facets) | median ms (no facets) | total | statements |\n|---|---|---|---|---|');
  const sorted = [...per].sort((a, b) => pct(b[1].ms, 50) - pct(a[1].ms, 50));
  for (const [q, e] of sorted) console.log(`| ${q} | ${pct(e.ms, 50).toFixed(1)} | ${pct(e.bare, 50).toFixed(1)} | ${e.total} | ${e.stmts} |`);
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
