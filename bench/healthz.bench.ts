// npm run bench:healthz — Lantai's /healthz against a bare Fastify hello-world, in req/s.
//
// Both servers run as child processes on loopback: Lantai as `npm start` runs it (src/main.ts, embedded PostgreSQL
// in a throwaway data folder, default services and LOG_LEVEL=info with pino writing to a log file, demo data off),
// and bench/bare-fastify.mjs (no plugins, no logger). autocannon runs here, in this process. Runs are interleaved
// A B A B … and the result is the median of the per-round ratios (Lantai ÷ bare), as shared/notes/machine-limits.md
// asks: absolute figures on this shared machine swing 1.7× between identical runs, paired ratios much less.
//
// BENCH_SMOKE=1 or CI=true: 2 rounds of 2 s (checks that it works; figures are not recorded).
// Full size: 5 rounds of 10 s after a 3 s warm-up each; the result is appended to docs/BENCHMARKS.md.
// Exits 1 only if a server crashed, failed to start or answered with errors; never because of the ratio.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

interface Result {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU (in cores) used during the run by processes outside this bench and its servers: the noise. */
  others: number;
}
interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const cfg = smoke ? { rounds: 2, duration: 2, warmup: 1, connections: 100 } : { rounds: 5, duration: 10, warmup: 3, connections: 100 };

async function main() {
  console.log(
    `healthz bench (${smoke ? 'smoke' : 'full'}): ${cfg.rounds} rounds × ${cfg.duration} s, ${cfg.connections} connections, warm-up ${cfg.warmup} s`,
  );
  const load0 = os.loadavg()[0];
  const servers: Server[] = [];
  let crashed = false;
  try {
    servers.push(await startLantai());
    servers.push(await startBare());
    const [lantai, bare] = servers as [Server, Server];
    for (const s of servers) await load(s, cfg.warmup);
    const rows: { round: number; a: Result; b: Result; ratio: number }[] = [];
    for (let round = 1; round <= cfg.rounds; round++) {
      const a = await load(lantai, cfg.duration);
      const b = await load(bare, cfg.duration);
      const ratio = a.reqPerSec / b.reqPerSec;
      rows.push({ round, a, b, ratio });
      console.log(
        `round ${round}: lantai ${fmt(a.reqPerSec)} req/s (p50 ${a.p50} ms, p99 ${a.p99} ms) · bare ${fmt(b.reqPerSec)} req/s (p50 ${b.p50} ms, p99 ${b.p99} ms) · ratio ${ratio.toFixed(3)} · others' CPU ${a.others.toFixed(2)} / ${b.others.toFixed(2)} cores`,
      );
      for (const [s, r] of [
        [lantai, a],
        [bare, b],
      ] as const) {
        if (r.errors || r.non2xx || s.child.exitCode !== null || s.child.signalCode !== null) {
          crashed = true;
          console.error(
            `✗ ${s.name}: ${r.errors} errors, ${r.non2xx} non-2xx responses${s.child.exitCode !== null ? `, exited with ${s.child.exitCode}` : ''}`,
          );
        }
      }
      if (crashed) break;
    }
    if (!crashed) {
      const ratio = median(rows.map((r) => r.ratio));
      const a = median(rows.map((r) => r.a.reqPerSec));
      const b = median(rows.map((r) => r.b.reqPerSec));
      const ratios = rows.map((r) => r.ratio.toFixed(2)).join(', ');
      console.log(
        `\nmedian: lantai ${fmt(a)} req/s, bare Fastify ${fmt(b)} req/s; median paired ratio ${ratio.toFixed(3)} (rounds: ${ratios})`,
      );
      if (!smoke && process.env.BENCH_WRITE !== '0') record({ a, b, ratio, ratios, rows, load0, load1: os.loadavg()[0] });
    }
  } catch (e) {
    crashed = true;
    console.error('✗ bench failed:', e instanceof Error ? e.message : e);
  } finally {
    for (const s of servers.reverse()) await s.stop().catch((e: unknown) => console.error(`stopping ${s.name}:`, e));
  }
  process.exit(crashed ? 1 : 0);
}

/** Lantai as npm start runs it, on a throwaway data folder. */
async function startLantai(): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-bench-'));
  fs.chmodSync(dataDir, 0o755); // as root the embedded cluster runs as "postgres", which must reach it
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LANTAI_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTAI_PG_PORT: String(await freePort()),
    LANTAI_DEMO: 'false',
  };
  delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}/healthz`;
  const server: Server = {
    name: 'lantai',
    url,
    child,
    stop: async () => {
      await stopChild(child, 30_000);
      fs.closeSync(log);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await waitUp(server, 180_000, () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')).catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  return server;
}

async function startBare(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'bench/bare-fastify.mjs'), String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const server: Server = { name: 'bare fastify', url: `http://127.0.0.1:${port}/healthz`, child, stop: () => stopChild(child, 10_000) };
  await waitUp(server, 30_000, () => '').catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  return server;
}

async function waitUp(s: Server, timeoutMs: number, tail: () => string) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null)
      throw new Error(`${s.name} exited while starting (${s.child.exitCode ?? s.child.signalCode})\n${tail()}`);
    try {
      const res = await fetch(s.url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${s.name} did not answer ${s.url} within ${timeoutMs / 1000} s\n${tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

async function load(s: Server, seconds: number): Promise<Result> {
  const before = cpuSample();
  const r = await autocannon({ url: s.url, connections: cfg.connections, duration: seconds });
  const others = othersCores(before, cpuSample());
  return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, others };
}

interface CpuSample {
  at: number;
  busy: number; // all CPUs, clock ticks
  own: number; // this process and all its descendants (servers, PostgreSQL), clock ticks
}

/** Linux /proc: busy ticks of the machine and of our process tree. Elsewhere: zeros (others then reads 0). */
function cpuSample(): CpuSample {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = f.reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0); // minus idle and iowait
    const procs = new Map<number, { ppid: number; ticks: number }>();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
        procs.set(Number(d), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]) });
      } catch {
        // exited meanwhile
      }
    }
    let own = 0;
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, p] of procs) {
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of mine) own += procs.get(pid)?.ticks ?? 0;
    return { at: Date.now(), busy, own };
  } catch {
    return { at: Date.now(), busy: 0, own: 0 };
  }
}

function othersCores(a: CpuSample, b: CpuSample): number {
  const ticksPerSec = 100; // USER_HZ on Linux
  const seconds = (b.at - a.at) / 1000;
  return seconds > 0 ? Math.max(0, (b.busy - a.busy - (b.own - a.own)) / ticksPerSec / seconds) : 0;
}

/** Appends a row to the results table in docs/BENCHMARKS.md. */
function record(x: {
  a: number;
  b: number;
  ratio: number;
  ratios: string;
  rows: { a: Result; b: Result }[];
  load0: number;
  load1: number;
}) {
  const file = path.join(root, 'docs/BENCHMARKS.md');
  const marker = '<!-- healthz rows: appended by bench/healthz.bench.ts -->';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (!text.includes(marker)) {
    text += `\n## /healthz: Lantai vs bare Fastify\n\n| date | machine | rounds | Lantai req/s (median) | bare Fastify req/s (median) | p99 ms Lantai / bare | paired ratios | others' CPU (cores, max) | **median ratio** |\n|---|---|---|---|---|---|---|---|---|\n${marker}\n`;
  }
  const cpus = os.cpus();
  const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${x.load0.toFixed(1)}→${x.load1.toFixed(1)}`;
  const p99 = `${median(x.rows.map((r) => r.a.p99))} / ${median(x.rows.map((r) => r.b.p99))}`;
  const row = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC | ${machine} | ${cfg.rounds} × ${cfg.duration} s, c${cfg.connections} | ${fmt(x.a)} | ${fmt(x.b)} | ${p99} | ${x.ratios} | ${Math.max(...x.rows.flatMap((r) => [r.a.others, r.b.others])).toFixed(2)} | **${x.ratio.toFixed(2)}** |`;
  text = text.replace(marker, `${row}\n${marker}`);
  fs.writeFileSync(file, text);
  console.log(`recorded in ${path.relative(root, file)}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

void main();
