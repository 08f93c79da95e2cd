// npx tsx bench/catalogue-index-cost.bench.ts — what one more records index costs an import.
//
// The method of docs/BENCHMARKS.md ("Catalogue import", indexes nobody used): 100,000 records in ONE COPY into a
// freshly migrated database (every index and trigger of the real schema), timed by the PostgreSQL backend's own CPU
// (utime + stime from /proc; for the GIN, with its pending list merged) and the WAL it wrote, per variant: the schema as it is, plus a B-tree on
// (category_id, title, id) for the 题名 sort, plus a pg_trgm GIN on title for substring filters. Rounds are
// interleaved (A B C A B C …) so the machine's load drifts over all variants alike. BENCH_SMOKE=1: 10,000 rows, 1 round.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { copyIn } from '../packages/server/src/modules/catalogue-io/import.copy.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_ROWS ?? (smoke ? 10_000 : 100_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (smoke ? 1 : 3));
const VARIANTS: Record<string, string | null> = {
  'schema as is': null,
  '+ btree (category_id, title, id)': 'create index bench_title_idx on records(category_id, title, id)',
  '+ gin (title gin_trgm_ops)': 'create index bench_title_idx on records using gin (title gin_trgm_ops)',
};
const COLS = 'id, fonds_id, category_id, scheme_id, kind, status, archival_code, counter_key, seq_no, title, responsible, doc_number, doc_date, year, retention, org_code, security, open_status, pages, subjects, created_by';
const TOPICS = ['开展安全生产大检查', '做好防汛抗旱工作', '编制二〇二二年部门预算', '推进政务服务“一网通办”', '加强档案数字化建设', '优化营商环境若干措施', '表彰先进集体和先进个人', '调整领导小组成员'];
const KINDS = ['通知', '请示', '报告', '批复', '函', '会议纪要'];

function payload(ids: { fonds: string; category: string; scheme: string }, round: number) {
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const y = 1990 + (i % 35); const r = ['Y', 'D30', 'D10'][Math.floor(i / 35) % 3]!; const o = ['BGS', 'RSK', 'CWK', 'YWK', 'DWB'][Math.floor(i / 105) % 5]!;
    const no = Math.floor(i / 525) + 1 + round * 1000;
    const key = `B001-WS·${y}-${r}-${o}`;
    const title = `关于${TOPICS[i % TOPICS.length]}的${KINDS[i % KINDS.length]}（${(i * 7919) % 100_003}）`;
    lines.push([randomUUID(), ids.fonds, ids.category, ids.scheme, 'item', 'draft', `${key}-${String(no).padStart(5, '0')}`, `${ids.category}:${key}`, no,
      title, '基准测试单位办公室', `基办〔${y}〕${i % 300}号`, `${y}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`,
      y, r, o, i % 10 === 0 ? 'internal' : 'public', 'unreviewed', 1 + (i % 30), '{}', 'bench'].join('\t'));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const cpuTicks = async (pid: number) => {
  const f = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
};

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-idx-'));
  await fs.chmod(dir, 0o755);
  const pgs = await startEmbeddedPostgres(path.join(dir, 'pg'), 54000 + Math.floor(Math.random() * 900));
  const url = pgs.url('lantai_bench_idx');
  const admin = new pg.Client({ connectionString: pgs.url('postgres') });
  await admin.connect();
  await admin.query('create database lantai_bench_idx');
  const c = await createContainer(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dir, LANTAI_DEMO: 'false' }), url, () => {});
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const hz = 100; // USER_HZ on Linux
  const results: Record<string, { us: number[]; wal: number[]; s: number[] }> = {};
  try {
    const f = await c.db.insertInto('fonds').values({ code: 'B001', name: '基准测试全宗', agency: '基准测试单位' }).returning('id').executeTakeFirstOrThrow();
    const cat = await c.db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
    const s = await c.db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 'bench', approved_by: 'bench', approved_at: new Date() })
      .returning('id').executeTakeFirstOrThrow();
    const ids = { fonds: f.id, category: cat.id, scheme: s.id };
    await sql`create extension if not exists pg_trgm`.execute(c.db);
    const pid = (await client.query('select pg_backend_pid() as p')).rows[0].p as number;
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, ddl] of Object.entries(VARIANTS)) {
        await client.query('truncate records, record_class_counts, search_docs cascade');
        await client.query('drop index if exists bench_title_idx');
        if (ddl) await client.query(ddl);
        await client.query('checkpoint');
        const data = payload(ids, round);
        const lsn0 = (await client.query('select pg_current_wal_lsn() as l')).rows[0].l;
        const cpu0 = await cpuTicks(pid);
        const t0 = performance.now();
        await client.query('begin');
        await copyIn(client, `copy records (${COLS}) from stdin`, data);
        await client.query('commit');
        // A GIN index defers most of its work to a pending list merged later (by autovacuum): merge it here, on the clock.
        if (ddl?.includes('using gin')) await client.query(`select gin_clean_pending_list('bench_title_idx'::regclass)`);
        const secs = (performance.now() - t0) / 1000;
        const cpu = ((await cpuTicks(pid)) - cpu0) / hz;
        const wal = Number((await client.query(`select pg_wal_lsn_diff(pg_current_wal_lsn(), '${lsn0}') as d`)).rows[0].d);
        const r = (results[name] ??= { us: [], wal: [], s: [] });
        r.us.push((cpu / N) * 1e6); r.wal.push(wal / 2 ** 20); r.s.push(secs);
        console.log(`round ${round + 1} ${name.padEnd(34)} backend CPU ${((cpu / N) * 1e6).toFixed(0)} µs/row, WAL ${(wal / 2 ** 20).toFixed(0)} MB, wall ${secs.toFixed(1)} s, load ${os.loadavg()[0]!.toFixed(1)}`);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const base = med(results['schema as is']!.us);
    console.log(`\n${N.toLocaleString()} rows per COPY, ${ROUNDS} round(s), load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log('| variant | backend CPU µs/row (median) | vs schema as is | WAL MB | wall s (median) |\n|---|---|---|---|---|');
    for (const [name, r] of Object.entries(results)) {
      console.log(`| ${name} | ${med(r.us).toFixed(0)} (${r.us.map((x) => x.toFixed(0)).join(', ')}) | ${name === 'schema as is' ? '—' : `${med(r.us) >= base ? '+' : ''}${(((med(r.us) - base) / base) * 100).toFixed(0)}%`} | ${med(r.wal).toFixed(0)} | ${med(r.s).toFixed(1)} |`);
    }
  } finally {
    await client.end();
    await c.close();
    await admin.query('drop database if exists lantai_bench_idx with (force)').catch(() => {});
    await admin.end();
    await pgs.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
