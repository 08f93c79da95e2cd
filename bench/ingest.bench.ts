// npm run bench:ingest (tsx bench/ingest.bench.ts) — package intake throughput, next to this machine's own limits measured
// in the same run (interleaved rounds, median of the paired ratios; see ../shared/notes/machine-limits.md).
//  1. small files (real 10–100 KB PDFs and JPEGs, bench/ingest.files.ts): extract (MD5+SHA-256+SM3) + every automatic
//     check but the virus scan + report (JSON + PDF) + store as accept does it (accept.store.ts: batches of 500 adopted), by
//     default and in the sampled readability mode, vs read + SHA-256 + SM3 + write + fsync + rename with 8 in flight
//     over the same files; then once more with clamd on;
//  2. one big file (2 GiB; smoke 64 MiB) in a stored zip: extract (SHA-256 + SM3; the package declares no MD5) + checks
//     (+ store, shown apart) vs `sha256sum` + `cp` + `sync` and vs one Node pass of read + SHA-256 + SM3 + write + fsync;
//  3. folder packages of 1k → 10k → 100k tiny files (smoke: 100 → 1k): open (scan + digests) + checks + report.
// BENCH_SMALL, BENCH_BIG_MB, BENCH_SIZES=1000,10000 (0 skips a part), BENCH_CLAMD=0 change that. BENCH_SMOKE=1 for CI.
// No database: the checks that look things up get no services (they skip), as in a dry run.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { startTestClamd } from '../packages/server/src/modules/ingest/analyzers/test-clamd.ts';
import type { CheckDefinition, CheckServices, IngestPackage } from '../packages/server/src/modules/ingest/checks/check.types.ts';
import { CHECKS } from '../packages/server/src/modules/ingest/checks/index.ts';
import { storePackageFiles } from '../packages/server/src/modules/ingest/accept.store.ts';
import { digestFile } from '../packages/server/src/modules/ingest/digest.stream.ts';
import { openPackage, type PackageInput } from '../packages/server/src/modules/ingest/package.open.ts';
import { reportJson, storeReport } from '../packages/server/src/modules/ingest/report.ts';
import { applyDefaults } from '../packages/server/src/modules/ingest/run.execute.ts';
import { runChecks, type StageConfig } from '../packages/server/src/modules/ingest/runner.ts';
import { zipBuffer, type ZipEntry } from '../packages/server/src/modules/ingest/test/zip.writer.ts';
import { createLocalDiskStorage } from '../packages/server/src/platform/storage/local-disk.storage.ts';
import { templates, unique } from './ingest.files.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const num = (k: string, d: number) => Number(process.env[k] ?? d);
const SMALL_N = num('BENCH_SMALL', smoke ? 300 : 3000);
const BIG = num('BENCH_BIG_MB', smoke ? 64 : 2048) * 1024 * 1024;
const SIZES = (process.env.BENCH_SIZES ?? (smoke ? '100,1000' : '1000,10000,100000')).split(',').map(Number).filter((n) => n > 0);
const ROUNDS = smoke ? 1 : 3;
/** CPU time of the whole process (every thread: pdf.js workers, libvips, libuv), ms. */
const cpuMs = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sec = (ms: number) => (ms / 1000).toFixed(2);

/** The checks, each timed (ms summed over the run) — where the time goes. */
function timed(list: CheckDefinition[]) {
  const ms: Record<string, number> = {};
  const checks = list.map((c) => ({ ...c, run: async (ctx: Parameters<CheckDefinition['run']>[0]) => {
    const t = performance.now();
    try { return await c.run.call(c, ctx); } finally { ms[c.id] = (ms[c.id] ?? 0) + performance.now() - t; }
  } }));
  return { checks, ms };
}
const top = (ms: Record<string, number>, n: number) => Object.entries(ms).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${(v / n).toFixed(2)}`).join(', ');

/** The machine's small-file limit: read + SHA-256 + SM3 + write temp + fsync + rename, 8 in flight. */
async function machineSmall(files: string[], out: string) {
  await fs.mkdir(out, { recursive: true });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < files.length) {
      const b = await fs.readFile(files[next++]!);
      const name = createHash('sha256').update(b).digest('hex');
      createHash('sm3').update(b).digest('hex');
      const tmp = path.join(out, `.${name}.tmp`);
      const fh = await fs.open(tmp, 'w');
      await fh.writeFile(b);
      await fh.sync();
      await fh.close();
      await fs.rename(tmp, path.join(out, name));
    }
  }));
  return performance.now() - t0;
}

/** One intake as a check run does it (open, checks, report), then the accept's store; ms per phase. */
async function intake(input: PackageInput, w: string, checks: CheckDefinition[], services: CheckServices = {}, store = true, config: StageConfig = {}) {
  const workDir = path.join(w, 'ingest', 'run'); // under <dataDir>/ingest, as a run's work folder is: accept adopts from there
  const t0 = performance.now();
  const c0 = cpuMs();
  await fs.mkdir(workDir, { recursive: true });
  const pkg: IngestPackage = await openPackage(input, workDir);
  applyDefaults(pkg, { year: 2025, retention: 'D30', security: 'public' }); // what the archivist gives the run
  const t1 = performance.now();
  const items = await runChecks({ checks, pkg, stage: 'GD', config, services, signal: new AbortController().signal });
  const t2 = performance.now();
  const cpuRun = cpuMs() - c0; // open + checks
  const storage = createLocalDiskStorage(path.join(w, 'store'));
  const head = { runId: 'bench', stage: 'GD' as const, filename: 'p.zip', packageSha256: null, configVersion: 1, fonds: 'B', category: 'WS', startedAt: new Date().toISOString(), createdBy: 'bench' };
  await storeReport(storage, workDir, reportJson(head, pkg, items));
  const t3 = performance.now();
  const content = pkg.files.filter((f) => (f.role ?? 'content') === 'content');
  if (store) await storePackageFiles(storage, w, content, () => undefined); // as accept stores them (batches, accept.store.ts)
  const t4 = performance.now();
  const outcomes = items.reduce<Record<string, number>>((a, i) => ((a[i.outcome] = (a[i.outcome] ?? 0) + 1), a), {});
  return { pkg, items, outcomes, open: t1 - t0, checks: t2 - t1, report: t3 - t2, store: t4 - t3, run: t3 - t0, total: t4 - t0, cpu: cpuMs() - c0, cpuRun };
}

async function small(dir: string) {
  const t = await templates(smoke ? 8 : 24);
  const entries: ZipEntry[] = Array.from({ length: SMALL_N }, (_, i) => {
    const kind = i % 2 ? 'jpg' : 'pdf';
    return { name: `objects/f${i}.${kind}`, data: unique((kind === 'pdf' ? t.pdfs : t.jpegs)[Math.floor(i / 2) % t.pdfs.length]!, kind, i), store: true };
  });
  const bytes = entries.reduce((s, e) => s + (e.data as Buffer).length, 0);
  const zipFile = path.join(dir, 'small.zip');
  await fs.writeFile(zipFile, zipBuffer(entries));
  console.log(`small files: ${SMALL_N} (PDF/JPEG alternating, ${(bytes / SMALL_N / 1024).toFixed(0)} KB mean, ${(bytes / 1048576).toFixed(0)} MiB) · load ${load()}`);
  const noVirus = CHECKS.filter((c) => !c.id.startsWith('virus'));
  const rate = (ms: number) => SMALL_N / (ms / 1000);
  // Warm-up, not timed (a running server is warm): worker threads start, pdf.js compiles, the report font loads.
  const warm = path.join(dir, 'warm.zip');
  await fs.writeFile(warm, zipBuffer(entries.slice(0, 40)));
  await intake({ kind: 'file', file: warm, filename: 'warm.zip' }, path.join(dir, 'warm'), noVirus, {}, true, { readability: { enabled: true, settings: { pdfPage1: 'all' } } });
  await fs.rm(path.join(dir, 'warm'), { recursive: true, force: true });
  // Each round: the default (every JPEG decoded, every PDF's page 1 interpreted), the sampled mode an archive may
  // choose for large transfers (readability.check.ts: 5% decoded in full, the rest walked), then the machine's limit.
  const sampled = { readability: { enabled: true, settings: { pdfPage1: 'sample', imageDecode: 'sample' } } };
  const ours: number[] = [], limits: number[] = [], ratios: number[] = [], oursS: number[] = [], ratiosS: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const w = path.join(dir, `s${r}`);
    const { checks, ms } = timed(noVirus);
    const x = await intake({ kind: 'file', file: zipFile, filename: 'small.zip' }, w, checks);
    const ws = path.join(dir, `ss${r}`);
    const xs = await intake({ kind: 'file', file: zipFile, filename: 'small.zip' }, ws, noVirus, {}, true, sampled);
    const lim = rate(await machineSmall(x.pkg.files.map((f) => f.absPath), path.join(w, 'limit')));
    ours.push(rate(x.total)); limits.push(lim); ratios.push(rate(x.total) / lim);
    oursS.push(rate(xs.total)); ratiosS.push(rate(xs.total) / lim);
    console.log(`  round ${r + 1}: ingest ${rate(x.total).toFixed(0)} files/s · sampled ${rate(xs.total).toFixed(0)} files/s · machine limit ${lim.toFixed(0)} files/s · ratios ${(rate(x.total) / lim).toFixed(2)} / ${(rate(xs.total) / lim).toFixed(2)} · load ${load()}`);
    console.log(`    CPU ${(x.cpu / SMALL_N).toFixed(2)} ms/file over ${(x.total / SMALL_N).toFixed(2)} ms/file of wall time (${(x.cpu / x.total).toFixed(2)} of ${os.availableParallelism()} cores busy); sampled: CPU ${(xs.cpu / SMALL_N).toFixed(2)} ms/file, checks ${(xs.checks / SMALL_N).toFixed(2)} ms/file`);
    console.log(`    ms/file: open ${(x.open / SMALL_N).toFixed(2)} · checks ${(x.checks / SMALL_N).toFixed(2)} (${top(ms, SMALL_N)}) · report ${(x.report / SMALL_N).toFixed(2)} · store ${(x.store / SMALL_N).toFixed(2)} · items ${JSON.stringify(x.outcomes)} · PDF page 1 ${JSON.stringify(x.items.find((i) => i.checkId === 'readability')?.evidence.pdfPage1 ?? null)}`);
    const ev = xs.items.find((i) => i.checkId === 'readability')?.evidence;
    console.log(`    sampled ms/file: open ${(xs.open / SMALL_N).toFixed(2)} · checks ${(xs.checks / SMALL_N).toFixed(2)} · report ${(xs.report / SMALL_N).toFixed(2)} · store ${(xs.store / SMALL_N).toFixed(2)}`);
    console.log(`    sampled: items ${JSON.stringify(xs.outcomes)} · PDF page 1 ${JSON.stringify(ev?.pdfPage1 ?? null)} · images ${JSON.stringify(ev?.imageDecode ?? null)}`);
    await fs.rm(w, { recursive: true, force: true });
    await fs.rm(ws, { recursive: true, force: true });
  }
  console.log(`SMALL ${SMALL_N} files: ingest median ${median(ours).toFixed(0)} files/s · limit median ${median(limits).toFixed(0)} files/s · paired ratio median ${median(ratios).toFixed(2)} (${ratios.map((x) => x.toFixed(2)).join(', ')})`);
  console.log(`SMALL ${SMALL_N} files, sampled (pdfPage1 + imageDecode 'sample'): ingest median ${median(oursS).toFixed(0)} files/s · paired ratio median ${median(ratiosS).toFixed(2)} (${ratiosS.map((x) => x.toFixed(2)).join(', ')})`);
  if (process.env.BENCH_CLAMD !== '0') {
    const clamd = startTestClamd();
    try {
      const w = path.join(dir, 'sc');
      const { checks, ms } = timed(CHECKS);
      const x = await intake({ kind: 'file', file: zipFile, filename: 'small.zip' }, w, checks, { clamd: { socket: clamd.socket } });
      const lim = rate(await machineSmall(x.pkg.files.map((f) => f.absPath), path.join(w, 'limit')));
      console.log(`SMALL with clamd (test signature db): ingest ${rate(x.total).toFixed(0)} files/s · limit ${lim.toFixed(0)} files/s · ratio ${(rate(x.total) / lim).toFixed(2)} · virus-scan ${(ms['virus-scan']! / SMALL_N).toFixed(2)} ms/file · load ${load()}`);
      await fs.rm(w, { recursive: true, force: true });
    } finally {
      clamd.stop();
    }
  }
  await fs.rm(zipFile, { force: true });
}

/** One Node pass: read + SHA-256 + SM3 + write + fsync (machine-limits.md §2). */
async function nodeOnePass(src: string, dst: string) {
  const a = createHash('sha256'), b = createHash('sm3');
  await pipeline(createReadStream(src, { highWaterMark: 1 << 20 }), new Transform({ transform(c: Buffer, _e, cb) { a.update(c); b.update(c); cb(null, c); } }), createWriteStream(dst));
  const fh = await fs.open(dst, 'r+');
  await fh.sync();
  await fh.close();
  a.digest(); b.digest();
}

/** CPU time of this process's waited-for children (sha256sum, cp, sync), ms: /proc/self/stat cutime + cstime. */
const childCpuMs = async () => { const f = (await fs.readFile('/proc/self/stat', 'utf8')).split(') ')[1]!.split(' '); return ((Number(f[13]) + Number(f[14])) * 1000) / 100; };

/** A random file and a stored (uncompressed) zip holding it, written in 64 MiB steps (no zip64: < 4 GiB). */
async function bigFiles(bin: string, zip: string) {
  const name = Buffer.from('big.bin');
  const a = await fs.open(bin, 'w'), z = await fs.open(zip, 'w');
  let crc = 0;
  await z.write(Buffer.alloc(30 + name.length), 0, 30 + name.length, 0);
  for (let done = 0; done < BIG;) {
    const b = randomBytes(Math.min(64 << 20, BIG - done));
    crc = zlib.crc32(b, crc);
    await a.write(b); await z.write(b); done += b.length;
  }
  const head = (sig: number, central: boolean) => {
    const h = Buffer.alloc(central ? 46 : 30);
    let o = 0;
    const u32 = (v: number) => { h.writeUInt32LE(v >>> 0, o); o += 4; }, u16 = (v: number) => { h.writeUInt16LE(v, o); o += 2; };
    u32(sig); if (central) u16(20); u16(20); u16(0); u16(0); u16(0); u16(0x21); u32(crc); u32(BIG); u32(BIG); u16(name.length); u16(0);
    if (central) { u16(0); u16(0); u16(0); u32(0); u32(0); }
    return Buffer.concat([h, name]);
  };
  await z.write(head(0x04034b50, false), 0, 30 + name.length, 0);
  const cd = head(0x02014b50, true), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(30 + name.length + BIG, 16);
  await z.write(Buffer.concat([cd, end]), 0, cd.length + 22, 30 + name.length + BIG);
  await a.close(); await z.close();
}

async function big(dir: string) {
  const bin = path.join(dir, 'big.bin'), zip = path.join(dir, 'big.zip'), copy = path.join(dir, 'copy.bin');
  await bigFiles(bin, zip);
  const warmFile = path.join(dir, 'warm.bin'); // a running server has its SM3 worker thread up already
  await fs.writeFile(warmFile, randomBytes(12 << 20));
  await digestFile(warmFile);
  await fs.rm(warmFile);
  const mb = BIG / 1048576;
  const mbs = (ms: number) => (mb / (ms / 1000)).toFixed(0);
  const rA: number[] = [], rB: number[] = [], rC: number[] = [];
  const sh = (cmd: string, args: string[]) => promisify(execFile)(cmd, args, { maxBuffer: 1 << 20 });
  for (let r = 0; r < num('BENCH_BIG_ROUNDS', smoke ? 1 : 2); r++) {
    execFileSync('sync');
    const k0 = await childCpuMs();
    let t = performance.now();
    execFileSync('sha256sum', [bin]);
    execFileSync('cp', [bin, copy]);
    execFileSync('sync');
    const a = performance.now() - t;
    const aCpu = (await childCpuMs()) - k0;
    await fs.rm(copy);
    execFileSync('sync');
    // The machine at its best for the same work on both cores: SHA-256 (openssl, SHA-NI), SM3 and the copy as three
    // processes at once, then sync (information beside the goal's two references).
    t = performance.now();
    await Promise.all([sh('openssl', ['dgst', '-sha256', bin]), sh('openssl', ['dgst', '-sm3', bin]), sh('cp', [bin, copy])]);
    execFileSync('sync');
    const c = performance.now() - t;
    await fs.rm(copy);
    t = performance.now();
    await nodeOnePass(bin, copy);
    const b = performance.now() - t;
    await fs.rm(copy);
    execFileSync('sync');
    const w = path.join(dir, `b${r}`);
    const x = await intake({ kind: 'file', file: zip, filename: 'big.zip' }, w, CHECKS.filter((c) => !c.id.startsWith('virus')));
    const run = x.open + x.checks; // the report (JSON + PDF with its CJK font) is a fixed cost per run, shown apart
    rA.push(a / run); rB.push(b / run); rC.push(c / run);
    const perMb = (ms: number) => (ms / mb).toFixed(2);
    t = performance.now();
    await digestFile(x.pkg.files[0]!.absPath, ['md5']); // what package.open adds when a package declares MD5 for it
    const md5 = performance.now() - t;
    console.log(`  big round ${r + 1}: extract (SHA-256 + SM3 in a worker; MD5 only where declared) + checks ${mbs(run)} MiB/s [open ${sec(x.open)} s, checks ${sec(x.checks)} s; report ${sec(x.report)} s apart; a declared MD5 would add ${sec(md5)} s; CPU of extract + checks ${perMb(x.cpuRun)} ms/MiB vs sha256sum+cp ${perMb(aCpu)} ms/MiB] · store ${mbs(x.store)} MiB/s · sha256sum+cp+sync ${mbs(a)} MiB/s · Node read+SHA-256+SM3+write+fsync ${mbs(b)} MiB/s · openssl SHA-256 ∥ openssl SM3 ∥ cp, + sync ${mbs(c)} MiB/s · ratios ${(a / run).toFixed(2)} / ${(b / run).toFixed(2)} / ${(c / run).toFixed(2)} (adding the store: ${(a / (run + x.store)).toFixed(2)} / ${(b / (run + x.store)).toFixed(2)}) · load ${load()}`);
    await fs.rm(w, { recursive: true, force: true });
  }
  console.log(`BIG ${mb.toFixed(0)} MiB: extract+checks ratio median vs sha256sum+cp+sync ${median(rA).toFixed(2)}, vs Node one pass ${median(rB).toFixed(2)}, vs openssl SHA-256 ∥ SM3 ∥ cp + sync ${median(rC).toFixed(2)}`);
  for (const f of [bin, zip, copy]) await fs.rm(f, { force: true });
}

async function scaling(dir: string) {
  const checks = CHECKS.filter((c) => !c.id.startsWith('virus'));
  const per: string[] = [];
  const warm = path.join(dir, 'warm-src');
  await fs.mkdir(warm, { recursive: true });
  await fs.writeFile(path.join(warm, 'a.txt'), 'warm-up');
  await intake({ kind: 'dir', dir: warm }, path.join(dir, 'warm-w'), checks, {}, false); // the report's CJK font loads once per process
  for (const n of SIZES) {
    // A folder package (the test zip writer has no zip64, so it cannot hold 100k entries): scan + digests + read.
    const src = path.join(dir, `n${n}`);
    for (let d = 0; d * 1000 < n; d++) await fs.mkdir(path.join(src, 'objects', String(d)), { recursive: true });
    for (let i = 0; i < n; i += 500) await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, k) => fs.writeFile(path.join(src, 'objects', String(Math.floor((i + k) / 1000)), `f${i + k}.txt`), `file ${i + k} ${'x'.repeat(200)}`)));
    const x = await intake({ kind: 'dir', dir: src }, path.join(dir, `w${n}`), checks, {}, false);
    per.push(`${n}: ${sec(x.run)} s (${((x.run * 1000) / n).toFixed(0)} µs/file; open + checks ${((x.open + x.checks) * 1000 / n).toFixed(0)} µs/file)`);
    console.log(`  package of ${n} files: open ${sec(x.open)} s + checks ${sec(x.checks)} s + report ${sec(x.report)} s = ${sec(x.run)} s · ${((x.run * 1000) / n).toFixed(0)} µs/file · ${x.items.length} report items · load ${load()}`);
    await fs.rm(path.join(dir, `w${n}`), { recursive: true, force: true });
    await fs.rm(src, { recursive: true, force: true });
  }
  console.log(`SCALING ${per.join(' · ')}`);
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-ingest-'));
  console.log(`ingest bench${smoke ? ' (smoke)' : ''} · ${os.cpus().length} CPUs · Node ${process.version} · load ${load()}`);
  try {
    if (SMALL_N > 0) await small(dir);
    if (BIG > 0) await big(dir);
    if (SIZES.length) await scaling(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
