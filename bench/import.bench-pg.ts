// Where the commit's PostgreSQL CPU goes: the same COPY batches as the import (insertBatch), into fresh databases
// cloned from one migrated template, with one variant of the schema applied in the transaction (transactional DDL,
// rolled back with it). baseline is the import as it is (replica-mode COPY); ordinaryPath with the per-row foreign-key checks
// (as before migration 0021); the other variants take one cost away from baseline. Prints backend CPU µs/row and WAL bytes/row per variant, rounds interleaved.
// BENCH_ROWS (default 100,000), BENCH_ROUNDS (default 2), BENCH_VARIANTS (comma list of names below).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import { insertBatch, replicaCopy, type NewRecord } from '../packages/server/src/modules/catalogue-io/import.insert.ts';
import { WS_TEMPLATE } from '../packages/server/src/modules/scheme/templates.ts';

/** Every variant but ordinaryPath COPYs in replica mode, as the import does when replicaCopy allows it. */
const replicaFor = (name: string) => name !== 'ordinaryPath';
const N = Number(process.env.BENCH_ROWS ?? 100_000), ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ORGS = ['BGS', 'RSK', 'CWK', 'YWK', 'DWB'], RC = ['Y', 'D30', 'D10'];
const TOPICS = ['开展安全生产大检查', '做好防汛工作', '编制部门预算', '推进政务服务', '加强档案数字化', '优化营商环境'];

export const VARIANTS: Record<string, string> = {
  baseline: '',
  noSearchTrigger: 'alter table records disable trigger search_records_ins',
  noCountsTrigger: 'alter table records disable trigger records_counts_ins',
  noSearchGin: 'drop index search_docs_tsv_idx',
  noSearchBtrees: 'drop index search_docs_code_idx; drop index search_docs_date_idx; drop index search_docs_stale_idx',
  noRecordChecks: `alter table records ${['doc_date', 'doc_number', 'kind', 'open_status', 'org_code', 'pages', 'remarks', 'responsible', 'retention', 'secrecy_period', 'security', 'seq_no', 'status', 'title', 'year'].map((c) => `drop constraint records_${c}_check`).join(', ')}`,
  noUpdatedIdx: 'drop index records_cat_updated_idx',
  noDateIdxs: 'drop index records_cat_date_idx; drop index records_year_date_idx',
  noTitleIdx: 'drop index records_cat_title_idx',
  noCodeIdxs: 'drop index records_cat_code_idx; drop index records_class_code_idx',
  workMem64: "set local work_mem = '64MB'",
  walLz4: 'set local wal_compression = lz4',
  // The ordinary path (per-row foreign-key checks), as before migration 0021.
  ordinaryPath: '',
  noVersionIdx: 'alter table record_versions drop constraint record_versions_record_id_fkey, drop constraint record_versions_record_id_version_key',
};

function fields(i: number) {
  const y = 1990 + (i % 35), r = Math.floor(i / 35) % 3, o = ORGS[Math.floor(i / 105) % 5]!;
  return {
    title: `关于${TOPICS[i % 6]}的通知（${i}）`, responsible: '基准测试单位', docNumber: `基准〔${y}〕${i}号`,
    docDate: `${y}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`, year: y, retention: RC[r]!, orgCode: o, catalogueNo: '',
    security: i % 10 === 0 ? 'internal' : 'public', secrecyPeriod: '', pages: 1 + (i % 30), openStatus: 'unreviewed', remarks: i % 7 === 0 ? '原件破损' : '',
    subjects: [], scopeCode: '', extra: {},
  } as const;
}

const cpuOf = (pid: number) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };

async function main() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-importpg-'));
  await fsp.chmod(dir, 0o755);
  const pgs = await startEmbeddedPostgres(path.join(dir, 'pg'), 54000 + Math.floor(Math.random() * 900));
  const server = pgs.url('').replace(/\/$/, '');
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  const names = (process.env.BENCH_VARIANTS ?? Object.keys(VARIANTS).join(',')).split(',');
  const out = new Map<string, { us: number[]; wal: number[] }>();
  try {
    await admin.query('create database tpl');
    const c = await createContainer(loadConfig({ DATABASE_URL: `${server}/tpl`, LANTAI_DATA_DIR: path.join(dir, 'data'), LANTAI_DEMO: 'false', LOG_LEVEL: 'warn' }), `${server}/tpl`, () => {});
    const f = await c.db.insertInto('fonds').values({ code: 'B001', name: '基准测试全宗', agency: '基准测试单位' }).returning('id').executeTakeFirstOrThrow();
    const cat = await c.db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
    const s = await c.db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 'bench', approved_by: 'bench', approved_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    await c.close();
    const k = { fondsId: f.id, categoryId: cat.id, schemeId: s.id, kind: 'item' as const, actor: 'bench', at: new Date() };
    const seq = new Map<string, number>();
    const rows: NewRecord[] = [];
    for (let i = 0; i < N; i++) {
      const fl = fields(i);
      const key = `${cat.id}:${fl.year}-${fl.retention}-${fl.orgCode}`;
      const no = (seq.get(key) ?? 0) + 1;
      seq.set(key, no);
      rows.push({ row: i + 2, fields: fl as never, counterKey: key, seqNo: no, code: `B001-WS·${fl.year}-${fl.retention}-${fl.orgCode}-${String(no).padStart(4, '0')}` });
    }
    console.log(`${N.toLocaleString('en')} rows per run, ${ROUNDS} rounds, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of names) {
        const db = `v_${name.toLowerCase()}_${round}`;
        await admin.query(`create database ${db} template tpl`);
        const cl = new pg.Client({ connectionString: `${server}/${db}` });
        await cl.connect();
        const pid = (await cl.query<{ p: number }>('select pg_backend_pid() p')).rows[0]!.p;
        await cl.query('begin');
        // Replica mode is asked for before the variant's DDL (a disabled trigger would turn it down).
        const kv = { ...k, replica: replicaFor(name) && (await replicaCopy(cl, k)) };
        if (replicaFor(name) && !kv.replica) throw new Error('replica mode refused');
        if (VARIANTS[name]) await cl.query(VARIANTS[name]!);
        const w0 = (await cl.query<{ l: string }>('select pg_current_wal_insert_lsn()::text l')).rows[0]!.l;
        const c0 = cpuOf(pid), t0 = Date.now();
        for (let i = 0; i < N; i += 10_000) await insertBatch(cl, kv, rows.slice(i, i + 10_000));
        await cl.query('commit');
        const c1 = cpuOf(pid), t1 = Date.now();
        const wal = (await cl.query<{ b: string }>(`select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '${w0}')::text b`)).rows[0]!.b;
        await cl.end();
        await admin.query(`drop database ${db}`);
        const o = out.get(name) ?? { us: [], wal: [] };
        o.us.push(((c1 - c0) * 1000) / N); o.wal.push(Number(wal) / N);
        out.set(name, o);
        console.log(`round ${round + 1} ${name.padEnd(16)} ${(((c1 - c0) * 1000) / N).toFixed(1)} µs/row CPU, wall ${(((t1 - t0) * 1000) / N).toFixed(1)} µs/row, WAL ${(Number(wal) / N).toFixed(0)} B/row, load ${os.loadavg()[0]!.toFixed(1)}`);
      }
    }
    const base = out.get('baseline');
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, o] of out) console.log(`${name.padEnd(16)} median ${med(o.us).toFixed(1)} µs/row${base ? ` (${((med(o.us) / med(base.us) - 1) * 100).toFixed(1)}% vs baseline)` : ''}, WAL ${med(o.wal).toFixed(0)} B/row`);
  } finally {
    await admin.end();
    await pgs.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
