// npm run bench:search — full-text search at 1,000,000 records (BENCH_SMOKE=1 or CI=true: 5,000).
//
// Seeds N catalogue records with generated Chinese titles (search.corpus.ts) into a fresh database on the embedded
// PostgreSQL (default settings, as Lantai ships it), runs the real reindex job code (records → jieba/bigram/pinyin
// vectors on worker threads → COPY into a new table → GIN → swap) while sampling this process's RSS and printing
// the time of each stage, then times the search port for typical queries with six facets under a staff scope
// (5 of 20 fonds, clearance 'internal') and the public scope, each paired with the same query without facets and
// with six facets but without scope tokens.
// Prints p50/p95/p99, per-query medians with exact/estimated totals, and EXPLAIN ANALYZE of the slowest searches.
//
// BENCH_DIR=/some/dir keeps the cluster and database there between runs (seeded once); BENCH_REINDEX=0 then skips
// the reindex and times queries only. BENCH_ROWS, BENCH_PASSES override the size and the number of passes.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import type { DB } from '../packages/server/src/platform/db/schema.ts';
import { PgSearch } from '../packages/server/src/platform/search/pg.search.ts';
import type { RebuildStages } from '../packages/server/src/platform/search/search.port.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';
import { explain, load, SCOPES, type Statement, timeScope, type Variant } from './search.bench-query.ts';
import { FONDS, generate } from './search.corpus.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_ROWS ?? (smoke ? 5_000 : 1_000_000));
const PASSES = Number(process.env.BENCH_PASSES ?? (smoke ? 1 : 5));
const KEEP = process.env.BENCH_DIR;
const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const dir = KEEP ?? await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-search-'));
  await fs.mkdir(dir, { recursive: true });
  await fs.chmod(dir, 0o755);
  const pgs = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(dir, 'pg'), KEEP ? 55999 : 55000 + Math.floor(Math.random() * 900));
  const server = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/[^/]*$/, '') : pgs!.url('').replace(/\/$/, '');
  const dbName = KEEP ? `lantai_bench_search_${N}` : `lantai_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1;
  if (!exists) await admin.query(`create database ${dbName}`);
  const url = `${server}/${dbName}`;
  const c = await createContainer(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dir, LANTAI_DEMO: 'false' }), url, () => {});
  const statements: Statement[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const traced = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') statements.push({ sql: e.query.sql, params: e.query.parameters }); } });
  try {
    const v = await sql<{ v: string; sb: string }>`select version() v, current_setting('shared_buffers') sb`.execute(c.db);
    console.log(`search bench: ${N.toLocaleString()} records, ${PASSES} passes, node ${process.version}, ${v.rows[0]!.v.split(' on ')[0]}, shared_buffers ${v.rows[0]!.sb}, ${os.cpus().length} CPUs, load ${load()}`);
    const have = (await sql<{ n: number }>`select count(*)::int n from records`.execute(c.db)).rows[0]!.n;
    let t = Date.now();
    if (have === 0) {
      await seed(c.db, N);
      console.log(`seeded records (triggers filled search_docs) in ${((Date.now() - t) / 1000).toFixed(1)} s, load ${load()}`);
    } else console.log(`reusing ${have.toLocaleString()} seeded records in ${dbName}`);

    if (process.env.BENCH_REINDEX !== '0') {
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
      t = Date.now();
      let lastLog = 0;
      const cpu0 = process.cpuUsage();
      const backend = (await sql<{ pid: number }>`select pg_backend_pid() pid`.execute(c.db)).rows[0]!.pid;
      const postmaster = Number((await fs.readFile(`/proc/${backend}/stat`, 'utf8')).split(') ')[1]!.split(' ')[1]);
      const pg0 = await pgCpu(postmaster);
      const progress = async (p: number, m?: string) => {
        if (Date.now() - lastLog > 15_000) { lastLog = Date.now(); console.log(`  reindex ${p.toFixed(0)}% ${m ?? ''} rss ${mb(process.memoryUsage().rss)}, load ${load()}`); }
      };
      // BENCH_WORKERS=n: the same rebuild with n segmentation threads (0 = on the main thread), outside the job.
      const out = process.env.BENCH_WORKERS === undefined
        ? await c.search.service.runReindex({ id: 'bench', payload: { requestedBy: 'bench' }, progress })
        : await new PgSearch(c.db, { databaseUrl: url, workers: Number(process.env.BENCH_WORKERS) })
          .rebuild(c.search.source.all(1000), { expected: N, onProgress: (n) => progress((n / N) * 100, `${n}`) });
      const cpu = process.cpuUsage(cpu0);
      const pgSeconds = (await pgCpu(postmaster)) - pg0;
      clearInterval(sampler);
      const reindexS = (Date.now() - t) / 1000;
      console.log(`reindex of ${out.indexed.toLocaleString()} records: ${reindexS.toFixed(1)} s (${Math.round(out.indexed / reindexS)} records/s), peak RSS ${mb(peak)}, ` +
        `CPU: Node (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, PostgreSQL ${pgSeconds.toFixed(1)} s; load ${load()}`);
      printStages(out.stages);
    }
    const size = await sql<{ heap: string; gin: string; total: string }>`select pg_size_pretty(pg_relation_size('search_docs')) heap,
      pg_size_pretty(pg_relation_size('search_docs_tsv_idx')) gin, pg_size_pretty(pg_total_relation_size('search_docs')) total`.execute(c.db);
    console.log(`search_docs heap ${size.rows[0]!.heap}, GIN ${size.rows[0]!.gin}, total with indexes and TOAST ${size.rows[0]!.total}`);

    // BENCH_TARGET / BENCH_ENOUGH: the sampling's row target and first-level threshold (defaults in pg.search.ts).
    const tuning = { ...(process.env.BENCH_TARGET ? { target: Number(process.env.BENCH_TARGET) } : {}), ...(process.env.BENCH_ENOUGH ? { enough: Number(process.env.BENCH_ENOUGH) } : {}) };
    const port = new PgSearch(traced, tuning);
    // BENCH_EXPLAIN='q1|q2': only the plans of these queries (staff scope), no timing.
    if (process.env.BENCH_EXPLAIN) return await explain(traced, port, statements, process.env.BENCH_EXPLAIN.split('|'), SCOPES[0]![1]);
    const variants: Variant[] = [
      { label: 'six facets', port, facets: true },
      { label: 'no facets', port, facets: false },
      { label: 'six facets, no scope tokens', port: new PgSearch(traced, { ...tuning, scopeTokens: false }), facets: true },
    ];
    // One untimed warm-up pass per scope.
    for (const [, scope] of SCOPES) await timeScope(variants, 'warm-up', scope, 1, statements, true);
    for (const [label, scope] of SCOPES) {
      const slowest = await timeScope(variants, label, scope, PASSES, statements);
      if (label === SCOPES[0]![0]) await explain(traced, port, statements, slowest.slice(0, Number(process.env.BENCH_PLANS ?? 4)), scope);
    }
  } finally {
    await traced.destroy();
    await c.close();
    if (!KEEP) await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    await pgs?.stop();
    if (!KEEP) await fs.rm(dir, { recursive: true, force: true });
  }
}

/** CPU seconds of a PostgreSQL cluster: the postmaster with its reaped children, plus the live children. */
async function pgCpu(postmaster: number): Promise<number> {
  const tick = 100;
  const fields = async (pid: number) => (await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ') ?? [];
  const pm = await fields(postmaster);
  let t = [11, 12, 13, 14].reduce((a, i) => a + Number(pm[i] ?? 0), 0);
  for (const d of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = await fields(Number(d));
    if (Number(f[1]) === postmaster) t += Number(f[11] ?? 0) + Number(f[12] ?? 0);
  }
  return t / tick;
}

function printStages(s: RebuildStages | undefined) {
  if (!s) return;
  console.log(`  stages: start ${sec(s.startMs)}; load (read + segment + COPY, overlapped) ${sec(s.loadMs)} — busy: read ${sec(s.readMs)}, segment ${sec(s.segmentMs)} ` +
    `summed over ${s.workers || 'no'} worker thread(s), COPY ${sec(s.writeMs)}; ` +
    Object.entries(s.indexMs).map(([k, ms]) => `${k} ${sec(ms)}`).join(', ') + `; analyze ${sec(s.analyzeMs)}; swap ${sec(s.swapMs)}`);
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

main().catch((e) => { console.error(e); process.exit(1); });
