// npm run bench:catalogue — the record table and the class tree at 1,000,000 records.
//
// Seeds N records (default 1,000,000; BENCH_SMOKE=1 or CI=true: 20,000) into one 文书 门类 of a fresh database on
// the embedded PostgreSQL (or DATABASE_URL's server), spread over 35 years × 3 retentions × 5 机构 like a real
// county archive, then times the real HTTP API (sequential requests on loopback, after warm-up): table pages with
// filters and sorts, a deep page by OFFSET and by keyset cursor, substring filters (frequent and rare), and the tree
// counts. The search index and the class signatures are built first (the real reindex and refresher), as the q filter
// narrows through them. Prints p50/p95 per query with the load average, and the PostgreSQL plans.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { hashPassword } from '../packages/server/src/modules/auth/index.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_ROWS ?? (smoke ? 20_000 : 1_000_000));
const REPS = smoke ? 20 : 100;
/** How deep the deep-page cases go (20,000 rows; half the table at smoke size). */
const DEEP = Math.min(20_000, Math.floor(N / 2));

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-cat-'));
  await fs.chmod(dir, 0o755);
  const pgs = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(dir, 'pg'), 54000 + Math.floor(Math.random() * 900));
  const server = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/[^/]*$/, '') : pgs!.url('').replace(/\/$/, '');
  const dbName = `lantai_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = `${server}/${dbName}`;
  const c = await createContainer(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dir, LANTAI_DEMO: 'false' }), url, () => {});
  try {
    const t0 = Date.now();
    const { categoryId } = await seed(c.db, N);
    console.log(`seeded ${N.toLocaleString()} records in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    // The search index as a running archive has it (the q filter narrows through it: record.text-filter.ts).
    const t1 = Date.now();
    await c.search.service.runReindex({ id: 'bench', payload: { requestedBy: 'bench' }, progress: async () => {} });
    console.log(`search index built in ${((Date.now() - t1) / 1000).toFixed(1)} s (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    // The class signatures, as the worker keeps them (a q found in only some classes skips the others: record.class-scan.ts).
    const t2 = Date.now();
    const built = await c.catalogue.signatures.drain();
    console.log(`${built} class signatures built in ${((Date.now() - t2) / 1000).toFixed(1)} s (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    const app = await buildApp(c, { logLevel: 'warn' });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await login(base);
    const q = (s: string) => `${base}/api/records?categoryId=${categoryId}&${s}`;
    // The cursor after row DEEP, as a client paging on would hold it.
    const deep = await (await fetch(q(`sort=archivalCode&offset=${DEEP - 50}&limit=50`), { headers: { cookie } })).json() as { nextCursor: string };
    const cases: [string, string][] = [
      ['page 1, whole 门类, by 档号', q('sort=archivalCode&order=asc&limit=50')],
      ['year filter, by date desc', q('year=2015&sort=docDate&order=desc&limit=50')],
      ['one class (年度+期限+机构), by 档号', q('year=2008&retention=Y&orgCode=BGS&sort=archivalCode&limit=50')],
      ['status + security filter, by title', q('status=archived&security=public&sort=title&limit=50')],
      [`deep page (offset ${DEEP.toLocaleString()})`, q(`sort=archivalCode&offset=${DEEP}&limit=50`)],
      [`deep page (cursor after row ${DEEP.toLocaleString()})`, q(`sort=archivalCode&limit=50&after=${encodeURIComponent(deep.nextCursor)}`)],
      ['text filter q=安全生产 (1 in 6 rows, in a third of the classes)', q(`q=${encodeURIComponent('安全生产')}&limit=50`)],
      ['text filter q=防汛, by 档号 desc (1 in 6 rows, in a third of the classes)', q(`q=${encodeURIComponent('防汛')}&order=desc&limit=50`)],
      ['text filter q=（777777） (1 row)', q(`q=${encodeURIComponent('（777777）')}&limit=50`)],
      ['text filter q=777777 (1 row; a number alone: suffix tags)', q(`q=${encodeURIComponent('777777')}&limit=50`)],
      // A year typed alone: 1 row in 35, every one of them late in 档号 order (the ordered scan reads 714,000 rows first).
      ['text filter q=2015 (1 in 35 rows, clustered late)', q(`q=${encodeURIComponent('2015')}&limit=50`)],
      ['tree counts', `${base}/api/categories/${categoryId}/tree`],
    ];
    const rows: string[] = [];
    for (const [name, u] of cases) {
      const load = os.loadavg()[0]!.toFixed(1);
      const ms = await timeRequests(u, cookie, REPS);
      rows.push(`| ${name} | ${pct(ms, 50).toFixed(1)} | ${pct(ms, 95).toFixed(1)} | ${Math.max(...ms).toFixed(1)} | ${load} |`);
      console.log(`${name.padEnd(38)} p50 ${pct(ms, 50).toFixed(1)} ms  p95 ${pct(ms, 95).toFixed(1)} ms  (load ${load})`);
    }
    console.log('\n| query | p50 ms | p95 ms | max ms | load (1 min) |\n|---|---|---|---|---|\n' + rows.join('\n'));
    await explain(c.db, categoryId);
    await app.close();
  } finally {
    await c.close();
    await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    await pgs?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function seed(db: import('../packages/server/src/platform/db/database.ts').Db, n: number) {
  const f = await db.insertInto('fonds').values({ code: 'B001', name: '基准测试全宗', agency: '基准测试单位' }).returning('id').executeTakeFirstOrThrow();
  const cat = await db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
  const s = await db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 'bench', approved_by: 'bench', approved_at: new Date() })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('users').values({ username: 'bench', display_name: 'bench', password_hash: await hashPassword('bench-password-1'), roles: ['archivist'], clearance: 'juemi' }).execute();
  // One row per (class, number): class = year × retention × org, numbered within it like the numbering service does.
  const perChunk = 100_000;
  for (let from = 0; from < n; from += perChunk) {
    await sql`
      insert into records (fonds_id, category_id, scheme_id, kind, status, archival_code, counter_key, seq_no, title, responsible, doc_number, doc_date,
        year, retention, org_code, security, open_status, pages, subjects, created_by)
      select ${f.id}::uuid, ${cat.id}::uuid, ${s.id}::uuid, 'item', case when i % 3 = 0 then 'draft' else 'archived' end,
        'B001-WS·' || y || '-' || r || '-' || o || '-' || lpad(no::text, 4, '0'),
        ${cat.id}::text || ':B001-WS·' || y || '-' || r || '-' || o, no,
        '关于' || (array['开展安全生产大检查','做好防汛工作','编制部门预算','推进政务服务','加强档案数字化','优化营商环境'])[1 + i % 6] || '的' || (array['通知','请示','报告','批复','函'])[1 + i % 5] || '（' || i || '）',
        '基准测试单位', '基准〔' || y || '〕' || (i % 300) || '号', y || lpad((1 + i % 12)::text, 2, '0') || lpad((1 + i % 28)::text, 2, '0'),
        y, r, o, case when i % 10 = 0 then 'internal' else 'public' end, 'unreviewed', 1 + i % 30, '{}', 'bench'
      from (select i, 1990 + (i % 35) as y, (array['Y','D30','D10'])[1 + (i / 35) % 3] as r, (array['BGS','RSK','CWK','YWK','DWB'])[1 + (i / 105) % 5] as o,
              (i / 525) + 1 as no
            from generate_series(${from}::int, ${Math.min(n, from + perChunk) - 1}::int) as i) g`.execute(db);
  }
  await sql`analyze records`.execute(db);
  return { categoryId: cat.id };
}

async function login(base: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: 'bench-password-1' }) });
  if (!r.ok) throw new Error(`login: ${await r.text()}`);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

async function timeRequests(u: string, cookie: string, reps: number) {
  for (let i = 0; i < 5; i++) await (await fetch(u, { headers: { cookie } })).arrayBuffer();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = await fetch(u, { headers: { cookie } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${u}: ${r.status}`);
    ms.push(performance.now() - t);
  }
  return ms;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function explain(db: import('../packages/server/src/platform/db/database.ts').Db, categoryId: string) {
  const at = await sql<{ archival_code: string; id: string }>`select archival_code, id from records where category_id = ${categoryId} order by archival_code, id offset ${DEEP - 1} limit 1`.execute(db);
  const { archival_code: codeAt20k, id: idAt20k } = at.rows[0]!;
  const blocks = await sql<{ min_code: string; max_code: string }>`select min_code, max_code from record_class_blocks where category_id = ${categoryId} order by min_code limit 192`.execute(db);
  const runOf16 = sql.join(blocks.rows.filter((_, i) => i % 12 === 0).map((b) => sql`archival_code between ${b.min_code} and ${b.max_code}`), sql` or `);
  const plans = {
    'page 1 by 档号': sql`select * from records where category_id = ${categoryId} and security in ('public','internal','mimi','jimi','juemi') order by archival_code, id limit 50`,
    'count(*) that record_class_counts spares us': sql`select count(*) from records where category_id = ${categoryId} and security in ('public','internal','mimi','jimi','juemi')`,
    'one class': sql`select * from records where category_id = ${categoryId} and year = 2008 and retention = 'Y' and org_code = 'BGS' order by archival_code, id limit 50`,
    'year filter by date': sql`select * from records where category_id = ${categoryId} and year = 2015 order by doc_date desc, id desc limit 50`,
    // The table sorts by the first 300 characters of 题名 (record.cursor.ts), which records_cat_title_idx holds (0020).
    'status + security filter by 题名': sql`select * from records where category_id = ${categoryId} and status = 'archived' and security = 'public' order by left(title, 300), id limit 51`,
    'its capped count': sql`select count(*) from (select 1 from records where category_id = ${categoryId} and status = 'archived' and security = 'public' limit 1001) c`,
    'deep page by OFFSET (the ids from the index, then the page\'s rows)': sql`select * from records where id in (select id from records where category_id = ${categoryId} order by archival_code, id offset ${DEEP} limit 51) order by archival_code, id`,
    'deep page by cursor': sql`select * from records where category_id = ${categoryId} and (archival_code, id) > (${codeAt20k}, ${idAt20k}::uuid) order by archival_code, id limit 51`,
    'q=（777777） page (1 match)': sql`select * from records where category_id = ${categoryId} and (title like '%（777777）%' or archival_code like '%（777777）%' or doc_number like '%（777777）%' or responsible like '%（777777）%') order by archival_code, id limit 51`,
    'q=777777 candidates (suffix tags)': sql`select record_id from search_docs where tsv @@ '''~s:777777'':* | ''~s!'''::tsquery limit 5001`,
    'q=安全生产 page': sql`select * from records where category_id = ${categoryId} and (title like '%安全生产%' or archival_code like '%安全生产%' or doc_number like '%安全生产%' or responsible like '%安全生产%') order by archival_code, id limit 51`,
    // The block path (record.class-scan.ts): one query reads a run of candidate blocks (64 records each, by 档号 range).
    'q=2015, a run of 16 candidate blocks': sql`select * from records where category_id = ${categoryId} and (${runOf16}) and (title like '%2015%' or archival_code like '%2015%' or doc_number like '%2015%' or responsible like '%2015%') order by archival_code, id limit 51`,
    'q=2015 sure count: the classes whose every 档号 holds it (over the cap: no scan; migration 0024)': sql`select sum(records) from record_class_sigs where category_id = ${categoryId} and not dirty and code_prefix like '%2015%'`,
    'q=2015 capped count (the scan it spares; still run for a q under the cap there)': sql`select count(*) from (select 1 from records where category_id = ${categoryId} and (title like '%2015%' or archival_code like '%2015%' or doc_number like '%2015%' or responsible like '%2015%') limit 1001) c`,
    'q=安全生产 capped count': sql`select count(*) from (select 1 from records where category_id = ${categoryId} and (title like '%安全生产%' or archival_code like '%安全生产%' or doc_number like '%安全生产%' or responsible like '%安全生产%') limit 1001) c`,
    'q=安全生产 count capped at 10,000 (before)': sql`select count(*) from (select 1 from records where category_id = ${categoryId} and (title like '%安全生产%' or archival_code like '%安全生产%' or doc_number like '%安全生产%' or responsible like '%安全生产%') limit 10001) c`,
    'q=安全生产 count capped at 10,000 with ILIKE (before)': sql`select count(*) from (select 1 from records where category_id = ${categoryId} and (title ilike '%安全生产%' or archival_code ilike '%安全生产%' or doc_number ilike '%安全生产%' or responsible ilike '%安全生产%') limit 10001) c`,
    'tree counts (record_class_counts)': sql`select year, retention, org_code, sum(n) from record_class_counts where category_id = ${categoryId} and security in ('public','internal') group by 1,2,3 having sum(n) > 0`,
  };
  for (const [name, q] of Object.entries(plans)) {
    const r = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers off, costs off) ${q}`.execute(db);
    console.log(`\n-- plan: ${name}\n` + r.rows.map((x) => x['QUERY PLAN']).join('\n'));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
