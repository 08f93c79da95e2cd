// npm run bench:import — catalogue import of N rows (default 1,000,000; BENCH_SMOKE=1 or CI=true: 20,000) from csv
// and from xlsx, each into a fresh database on the embedded PostgreSQL (or DATABASE_URL's server): upload, validate
// (job) and commit (job) through the real services, each import in a child process so its peak RSS is its own.
// Prints rows/s per step and peak RSS; a full-size run appends the figures to docs/BENCHMARKS.md.
// BENCH_FAIL=1 adds the failure case: a keep-codes csv whose row 900,001 (or 90% in) collides at commit time;
// the commit must roll back everything. BENCH_FORMATS=csv limits the formats (BENCH_FORMATS= with BENCH_FAIL=1: the failure case only). BENCH_PG_SETTINGS="shared_buffers=2GB"
// restarts the embedded server with those settings first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const N = Number(process.env.BENCH_ROWS ?? (smoke ? 20_000 : 1_000_000));
const formats = (process.env.BENCH_FORMATS ?? 'csv,xlsx').split(',').filter(Boolean) as ('csv' | 'xlsx')[];
interface RunResult { rows: number; validateMs: number; commitMs: number; status: string; failure?: unknown; committed: number; maxRssMb: number; cpuMs: number; counters: number }

function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'import.bench-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: path.resolve(here, '..') });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); process.stdout.write(d.toString().split('\n').filter((l) => l && !l.startsWith('{')).map((l) => `  ${l}\n`).join('')); });
    p.on('exit', (code) => (code === 0 ? resolve(out.split('\n').filter((l) => l.startsWith('{')).at(-1) ?? '{}') : reject(new Error(`child ${args[0]} exited ${code}`))));
  });
}

async function main() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-import-'));
  await fsp.chmod(dir, 0o755);
  const port = 54000 + Math.floor(Math.random() * 900);
  let pgs = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(dir, 'pg'), port);
  // BENCH_PG_SETTINGS="shared_buffers=2GB,max_wal_size=8GB": the same embedded server with other settings (restarted).
  if (pgs && process.env.BENCH_PG_SETTINGS) {
    const a = new pg.Client({ connectionString: `${pgs.url('').replace(/\/$/, '')}/postgres` });
    await a.connect();
    for (const kv of process.env.BENCH_PG_SETTINGS.split(',')) {
      const [k, v] = kv.split('=') as [string, string];
      await a.query(`alter system set ${k.replace(/[^a-z_]/g, '')} = '${v.replace(/'/g, '')}'`);
    }
    await a.end();
    await pgs.stop();
    pgs = await startEmbeddedPostgres(path.join(dir, 'pg'), port);
    console.log(`PostgreSQL settings: ${process.env.BENCH_PG_SETTINGS}`);
  }
  const server = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/[^/]*$/, '') : pgs!.url('').replace(/\/$/, '');
  const settings = process.env.BENCH_PG_SETTINGS ?? 'defaults';
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  const results: { name: string; size: number; r: RunResult }[] = [];
  const load0 = os.loadavg()[0]!;
  try {
    const cases: { name: string; format: 'csv' | 'xlsx'; fail: boolean }[] = formats.map((f) => ({ name: f, format: f, fail: false }));
    if (process.env.BENCH_FAIL === '1') cases.push({ name: 'csv, keep codes, collision at 90%', format: 'csv', fail: true });
    for (const c of cases) {
      const file = path.join(dir, `rows.${c.format}`);
      let t = Date.now();
      await child(['gen', c.format, String(N), file, c.fail ? 'codes' : 'plain']);
      const size = fs.statSync(file).size;
      console.log(`${c.name}: generated ${N.toLocaleString()} rows, ${(size / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      const db = `lantai_bench_import_${Date.now()}`;
      await admin.query(`create database ${db}`);
      t = Date.now();
      const r = JSON.parse(await child(['run', c.format, file, `${server}/${db}`, path.join(dir, 'data'), c.fail ? 'fail' : 'ok'])) as RunResult;
      results.push({ name: c.name, size, r });
      console.log(`${c.name}: validate ${rate(r.rows, r.validateMs)} rows/s (${s(r.validateMs)}), commit ${rate(r.committed || r.rows, r.commitMs)} rows/s (${s(r.commitMs)}), ` +
        `total ${s(r.validateMs + r.commitMs)} → ${rate(r.rows, r.validateMs + r.commitMs)} rows/s end to end; status ${r.status}, records ${r.committed}, peak RSS ${r.maxRssMb} MB, import process CPU ${s(r.cpuMs)}`);
      await admin.query(`drop database if exists ${db} with (force)`);
      await fsp.rm(file, { force: true });
    }
  } finally {
    await admin.end();
    await pgs?.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  }
  const table = results.map(({ name, size, r }) =>
    `| ${new Date().toISOString().slice(0, 10)} | ${name} | ${N.toLocaleString('en')} | ${(size / 1e6).toFixed(0)} MB | ${s(r.validateMs)} (${rate(r.rows, r.validateMs)}/s) | ` +
    `${s(r.commitMs)} (${rate(r.committed || r.rows, r.commitMs)}/s) | **${s(r.validateMs + r.commitMs)}** (${rate(r.rows, r.validateMs + r.commitMs)}/s) | ${r.maxRssMb} MB | ${r.status}, ${r.committed.toLocaleString('en')} records | ${settings} | ${load0.toFixed(1)} |`);
  console.log(['', '| date | file | rows | size | validate | commit | total | peak RSS | outcome | PostgreSQL settings | load avg at start |', '|---|---|---|---|---|---|---|---|---|---|---|', ...table].join('\n'));
  if (!smoke && !process.env.BENCH_ROWS) {
    const doc = path.resolve(here, '../docs/BENCHMARKS.md');
    const text = await fsp.readFile(doc, 'utf8');
    const marker = '<!-- import rows: appended by bench/import.bench.ts -->';
    if (text.includes(marker)) await fsp.writeFile(doc, text.replace(marker, `${table.join('\n')}\n${marker}`));
    else console.log('(docs/BENCHMARKS.md has no import section marker; add the rows by hand)');
  }
}
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');

main().catch((e) => { console.error(e); process.exit(1); });
