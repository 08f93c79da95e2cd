// npm run bench:portal — the public portal's search and record pages under 500 concurrent clients, against a bare
// Fastify hello-world measured in the same run (bench/bare-fastify.mjs).
//
// Search goes through the search port (indexed after seeding); record pages come from the in-memory snapshot of the
// published catalogue (the warm-up round loads it), as in production.
//
// Setup (in this process): an embedded PostgreSQL in a throwaway folder, migrated through the real container, with N
// records created, archived, queued, reviewed (初审 + 复审) and published through the real services. Then Lantai runs
// as a child process (src/main.ts on that database, LANTAI_PUBLIC_RATE_LIMIT raised so the per-IP limit does not
// answer for the load generator's single address), the bare server as another, and autocannon runs here. Rounds are
// interleaved search · record · bare; each figure is the median of the rounds, each ratio the median of the per-round
// ratios (shared/notes/machine-limits.md). p95 comes from every response time (autocannon reports no p95).
//
// BENCH_SMOKE=1 or CI=true: 200 records, 1 round of 2 s at 100 connections. Full: 2000 records, 3 rounds of 10 s at 500.
// Exits 1 if any request failed (error, timeout or non-2xx) or a server died.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CategoryInput, FondsInput, RecordCreate } from '@lantai/api';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContainer } from '../packages/server/src/container.ts';
import { hashPassword } from '../packages/server/src/modules/auth/index.ts';
import type { RequestCtx } from '../packages/server/src/modules/auth/actor.ts';
import { scanDueRecords } from '../packages/server/src/modules/open-review/index.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const cfg = smoke ? { records: 200, rounds: 1, duration: 2, warmup: 1, connections: 100 } : { records: 2000, rounds: 3, duration: 10, warmup: 3, connections: 500 };
const WORDS = ['汾河', '水利', '灌区', '防汛', '工程', '会议', '报告', '通知', '农田', '水库'];
interface Result { reqPerSec: number; p50: number; p95: number; p99: number; failures: number; requests: number }

const freePort = () => new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); }); });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function seed(url: string, dataDir: string): Promise<string[]> {
  const config = loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dataDir, LANTAI_DEMO: 'false' });
  const c = await createContainer(config, url, () => {});
  try {
    const hash = await hashPassword('bench-password-1');
    const actor = async (username: string): Promise<RequestCtx> => {
      const u = await c.db.insertInto('users').values({ username, display_name: username, password_hash: hash, roles: ['archivist'], clearance: 'public', fonds_scope: [], must_change_password: false })
        .returning('id').executeTakeFirstOrThrow();
      return { actor: { kind: 'user', userId: u.id, username, roles: ['archivist'], clearance: 'public', fondsScope: [], sessionId: 'bench', csrfToken: 'bench' }, requestId: 'bench', ip: '127.0.0.1' };
    };
    const a1 = await actor('bench1');
    const a2 = await actor('bench2');
    const f = await c.fonds.fonds.create(FondsInput.parse({ code: 'B001', name: '晋阳市水利局', agency: '晋阳市水利局', startYear: 1980 }), a1);
    const cat = await c.fonds.schemes.createCategory(f.id, CategoryInput.parse({ template: 'WS' }), a1);
    const ids: string[] = [];
    for (let i = 0; i < cfg.records; i++) {
      const w = [WORDS[i % WORDS.length], WORDS[(i * 7 + 3) % WORDS.length]];
      const year = 1980 + (i % 15);
      const r = await c.catalogue.records.create(RecordCreate.parse({ categoryId: cat.id, title: `关于${w[0]}${w[1]}的第${i + 1}号报告`, responsible: '晋阳市水利局', docNumber: `晋水发〔${year}〕${i + 1}号`,
        docDate: `${year}0612`, year, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 3 }), a1);
      ids.push(r.id);
    }
    for (let i = 0; i < ids.length; i += 500) await c.catalogue.records.archive(ids.slice(i, i + 500), a1);
    await scanDueRecords(c.db, { requestedBy: 'bench1', asOf: '2026-11-25' });
    const reviews = (await c.db.selectFrom('open_reviews').select('id').execute()).map((r) => r.id);
    for (const [who, stage] of [[a1, 'initial'], [a2, 'final']] as const) {
      for (let i = 0; i < reviews.length; i += 1000) await c.openReview.reviews.decide({ ids: reviews.slice(i, i + 1000), decision: 'open', reason: `bench ${stage}` }, who);
    }
    const p = await c.openReview.publication.publish(a1);
    const indexed = await c.search.indexer.drain(); // portal search goes through the search index
    console.log(`seeded ${ids.length} records, published ${p.published} (${p.batchNo}), indexed ${indexed}`);
    return ids;
  } finally {
    await c.close();
  }
}

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, probe: string, logFile?: string) {
  const log = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', log, logFile ? log : 'inherit'] });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGINT');
  });
  return { name, child, stop, ready: waitUp(child, probe, logFile) };
}

async function waitUp(child: ChildProcess, url: string, logFile?: string) {
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited while starting: ${logFile ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function load(base: string, paths: () => string, seconds: number, connections = cfg.connections): Promise<Result> {
  const times: number[] = [];
  const inst = autocannon({ url: base, connections, duration: seconds, timeout: 30, requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }] });
  inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => { times.push(ms); });
  const r = await inst;
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0) * 10) / 10;
  return { reqPerSec: r.requests.average, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), failures: r.errors + r.timeouts + r.non2xx, requests: times.length };
}

async function main() {
  const load0 = os.loadavg();
  console.log(`portal bench (${smoke ? 'smoke' : 'full'}): ${cfg.records} records, ${cfg.rounds} rounds × ${cfg.duration} s, ${cfg.connections} connections · load ${load0.map((l) => l.toFixed(2)).join(' ')}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-portal-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dataDir, 'pg'), await freePort());
  const stops: (() => Promise<void>)[] = [() => pg.stop()];
  let failed = false;
  try {
    const ids = await seed(pg.url(), dataDir);
    const port = await freePort();
    const lantai = startChild('lantai', ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')],
      { ...process.env, DATABASE_URL: pg.url(), LANTAI_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LANTAI_DEMO: 'false', LANTAI_PUBLIC_RATE_LIMIT: '1000000000', SERVICES: 'api' },
      `http://127.0.0.1:${port}/healthz`, path.join(dataDir, 'server.log'));
    stops.unshift(lantai.stop);
    const barePort = await freePort();
    const bare = startChild('bare', [path.join(root, 'bench/bare-fastify.mjs'), String(barePort)], process.env, `http://127.0.0.1:${barePort}/healthz`);
    stops.unshift(bare.stop);
    await Promise.all([lantai.ready, bare.ready]);
    let n = 0;
    const base = `http://127.0.0.1:${port}`;
    const search = () => `/api/public/records?q=${encodeURIComponent(WORDS[n++ % WORDS.length]!)}&limit=20`;
    const record = () => `/api/public/records/${ids[(n++ * 7919) % ids.length]}`;
    const targets = [
      { name: 'search', base, paths: search },
      { name: 'record', base, paths: record },
      { name: 'bare', base: `http://127.0.0.1:${barePort}`, paths: () => '/healthz' },
    ];
    for (const t of targets) await load(t.base, t.paths, cfg.warmup, 50);
    const rows: Record<string, Result[]> = { search: [], record: [], bare: [] };
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const t of targets) {
        const r = await load(t.base, t.paths, cfg.duration);
        rows[t.name]!.push(r);
        console.log(`round ${round} ${t.name.padEnd(6)} ${fmt(r.reqPerSec).padStart(7)} req/s · p50 ${r.p50} ms · p95 ${r.p95} ms · p99 ${r.p99} ms · ${fmt(r.requests)} responses · failures ${r.failures} · load ${os.loadavg()[0]!.toFixed(2)}`);
        if (r.failures) failed = true;
      }
      if (lantai.child.exitCode !== null) { failed = true; console.error('✗ lantai exited'); break; }
    }
    const med = (name: string, k: keyof Result) => median(rows[name]!.map((r) => r[k]));
    for (const name of ['search', 'record']) {
      const ratio = median(rows[name]!.map((r, i) => r.reqPerSec / rows.bare![i]!.reqPerSec));
      console.log(`${name}: median ${fmt(med(name, 'reqPerSec'))} req/s, p95 ${med(name, 'p95')} ms; ratio to bare Fastify ${ratio.toFixed(3)} (goal ≥ 0.3)`);
    }
    console.log(`bare Fastify: median ${fmt(med('bare', 'reqPerSec'))} req/s, p95 ${med('bare', 'p95')} ms · load after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(failed ? '✗ some requests failed' : '✓ zero failed requests');
  } catch (e) {
    failed = true;
    console.error('✗ bench failed:', e instanceof Error ? e.stack : e);
  } finally {
    for (const s of stops) await s().catch((e: unknown) => console.error('stop:', e));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

await main();
