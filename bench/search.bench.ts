// npm run bench:search — full-text search at 1,000,000 records (BENCH_SMOKE=1 or CI=true: 5,000).
//
// Seeds N catalogue records with generated Chinese titles (search.corpus.ts) into a fresh database on the embedded
// PostgreSQL (default settings, as Lantai ships it), runs the real reindex job code (records → jieba/bigram/pinyin
// vectors → new table → GIN → swap) while sampling this process's RSS, then times the search port for typical
// queries with six facets under a staff scope (5 of 20 fonds, clearance 'internal') and the public scope.
// Prints p50/p95/p99, per-query medians with exact/estimated totals, and EXPLAIN ANALYZE of the slowest statements.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import type { DB } from '../packages/server/src/platform/db/schema.ts';
import { PgSearch } from '../packages/server/src/platform/search/pg.search.ts';
import type { FacetName, SearchScope } from '../packages/server/src/platform/search/search.port.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';
import { FONDS, generate, QUERIES } from './search.corpus.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_ROWS ?? (smoke ? 5_000 : 1_000_000));
const PASSES = Number(process.env.BENCH_PASSES ?? (smoke ? 1 : 5));
const FACETS: FacetName[] = ['fonds', 'category', 'year', 'retention', 'security', 'openStatus'];
const STAFF: SearchScope = { kind: 'staff', fondsCodes: ['J001', 'J002', 'J003', 'J011', 'J012'], securities: ['public', 'internal'] };
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const mb = (b: number) => `${Math.round(b / 1048576)} MB`;

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-search-'));
  await fs.chmod(dir, 0o755);
  const pgs = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(dir, 'pg'), 55000 + Math.floor(Math.random() * 900));
  const server = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/[^/]*$/, '') : pgs!.url('').replace(/\/$/, '');
  const dbName = `lantai_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = `${server}/${dbName}`;
  const c = await createContainer(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dir, LANTAI_DEMO: 'false' }), url, () => {});
  const statements: Array<{ sql: string; params: readonly unknown[] }> = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const traced = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') statements.push({ sql: e.query.sql, params: e.query.parameters }); } });
  try {
    console.log(`search bench: ${N.toLocaleString()} records, ${PASSES} passes, node ${process.version}, load ${load()}`);
    let t = Date.now();
    await seed(c.db, N);
    console.log(`seeded records (triggers filled search_docs) in ${((Date.now() - t) / 1000).toFixed(1)} s, load ${load()}`);

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
    t = Date.now();
    let lastLog = 0;
    const out = await c.search.service.runReindex({ id: 'bench', payload: { requestedBy: 'bench' }, progress: async (p, m) => {
      if (Date.now() - lastLog > 15_000) { lastLog = Date.now(); console.log(`  reindex ${p.toFixed(0)}% ${m ?? ''} rss ${mb(process.memoryUsage().rss)}`); }
    } });
    clearInterval(sampler);
    const reindexS = (Date.now() - t) / 1000;
    const size = await sql<{ heap: string; gin: string; total: string }>`select pg_size_pretty(pg_relation_size('search_docs')) heap,
      pg_size_pretty(pg_relation_size('search_docs_tsv_idx')) gin, pg_size_pretty(pg_total_relation_size('search_docs')) total`.execute(c.db);
    console.log(`reindex of ${out.indexed.toLocaleString()} records: ${reindexS.toFixed(1)} s (${Math.round(out.indexed / reindexS)} records/s), peak RSS ${mb(peak)}, load ${load()}`);
    console.log(`search_docs heap ${size.rows[0]!.heap}, GIN ${size.rows[0]!.gin}, total with indexes ${size.rows[0]!.total}`);

    const port = new PgSearch(traced);
    for (const q of QUERIES) { await port.search({ text: q, facets: FACETS }, STAFF); await port.search({ text: q, facets: FACETS }, { kind: 'public' }); }
    for (const [label, scope] of [['staff (5 fonds, ≤ internal)', STAFF], ['public (opened only)', { kind: 'public' } as SearchScope]] as const) {
      const ms: number[] = [];
      const per = new Map<string, { ms: number[]; total: string; sampled: boolean; stmts: number }>();
      for (let p = 0; p < PASSES; p++) {
        for (const q of shuffle([...QUERIES], p)) {
          const before = statements.length;
          const s = performance.now();
          const r = await port.search({ text: q, facets: FACETS }, scope);
          const d = performance.now() - s;
          ms.push(d);
          const e = per.get(q) ?? { ms: [], total: '', sampled: r.sampled, stmts: 0 };
          e.ms.push(d);
          e.total = `${r.total.exact ? '' : '约 '}${r.total.value}`;
          e.stmts = statements.length - before;
          per.set(q, e);
        }
      }
      console.log(`\n${label}: ${ms.length} searches, p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms, p99 ${pct(ms, 99).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms, < 100 ms ${((ms.filter((x) => x < 100).length / ms.length) * 100).toFixed(0)}%, load ${load()}`);
      console.log('| query | median ms | total | statements |\n|---|---|---|---|');
      for (const [q, e] of [...per].sort((a, b) => pct(b[1].ms, 50) - pct(a[1].ms, 50))) console.log(`| ${q} | ${pct(e.ms, 50).toFixed(1)} | ${e.total} | ${e.stmts} |`);
    }
    await explain(traced, port, statements);
  } finally {
    await traced.destroy();
    await c.close();
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    await pgs?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function seed(db: import('../packages/server/src/platform/db/database.ts').Db, n: number) {
  const cats = new Map<string, { id: string; scheme: string; fonds: string }>();
  for (const [code, name] of FONDS) {
    const f = await db.insertInto('fonds').values({ code, name, agency: name }).returning('id').executeTakeFirstOrThrow();
    for (const [cc, cn] of [['WS', '文书'], ['KJ', '会计'], ['KU', '科技'], ['ZP', '照片'], ['SX', '声像']]) {
      const cat = await db.insertInto('categories').values({ fonds_id: f.id, code: cc!, name: cn!, mode: 'item' }).returning('id').executeTakeFirstOrThrow();
      const s = await db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 'bench', approved_by: 'bench', approved_at: new Date() }).returning('id').executeTakeFirstOrThrow();
      cats.set(`${code}:${cc}`, { id: cat.id, scheme: s.id, fonds: f.id });
    }
  }
  let batch: unknown[] = [];
  let i = 0;
  const flush = async () => {
    if (!batch.length) return;
    await sql`insert into records (fonds_id, category_id, scheme_id, kind, status, archival_code, counter_key, seq_no, title, responsible, doc_number, doc_date,
        year, retention, org_code, security, open_status, subjects, remarks, created_by)
      select fonds_id, category_id, scheme_id, 'item', 'archived', archival_code, archival_code, 1, title, responsible, doc_number, doc_date, year, retention,
        'BGS', security, open_status, subjects, remarks, 'bench'
      from json_to_recordset(${JSON.stringify(batch)}::json) as x(fonds_id uuid, category_id uuid, scheme_id uuid, archival_code text, title text,
        responsible text, doc_number text, doc_date text, year int, retention text, security text, open_status text, subjects text[], remarks text)`.execute(db);
    batch = [];
  };
  for (const r of generate(n)) {
    const fc = FONDS[r.fonds]![0];
    const cat = cats.get(`${fc}:${r.category}`)!;
    batch.push({ fonds_id: cat.fonds, category_id: cat.id, scheme_id: cat.scheme, archival_code: `${fc}-${r.category}·${r.year}-${r.retention}-BGS-${String(++i).padStart(7, '0')}`,
      title: r.title, responsible: r.responsible, doc_number: r.docNumber, doc_date: r.docDate, year: r.year, retention: r.retention, security: r.security,
      open_status: r.openStatus, subjects: r.subjects, remarks: r.remarks });
    if (batch.length >= 5000) await flush();
    if (i % 200_000 === 0) console.log(`  seeded ${i.toLocaleString()}, load ${load()}`);
  }
  await flush();
  await sql`analyze records`.execute(db);
}

/** EXPLAIN ANALYZE of each statement of the slowest searches (run again to capture their SQL). */
async function explain(db: Kysely<DB>, port: PgSearch, statements: Array<{ sql: string; params: readonly unknown[] }>) {
  for (const q of ['关于', '煤矿 安全 检查', '王建国', '煤']) {
    statements.length = 0;
    await port.search({ text: q, facets: FACETS }, STAFF);
    for (const s of statements.filter((x) => /with m as materialized/.test(x.sql))) {
      const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers, costs off) ${s.sql}`, [...s.params]));
      console.log(`\n-- plan: ${q} (staff)\n` + r.rows.map((x) => x['QUERY PLAN']).join('\n'));
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
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

main().catch((e) => { console.error(e); process.exit(1); });
