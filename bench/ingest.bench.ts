// npm run bench:ingest (tsx bench/ingest.bench.ts) — package intake throughput, next to this machine's own limits measured
// in the same run (interleaved rounds, median of the paired ratios; see ../shared/notes/machine-limits.md).
//  1. small files (10–100 KB PDFs/JPEGs): extract (MD5+SHA-256+SM3) + every automatic check but the virus scan + store
//     (content-addressed, fsync + rename) vs read + SHA-256 + SM3 + write + fsync + rename with 8 in flight;
//  2. one big file (2 GiB; smoke 64 MiB) in a stored zip: extract + store vs `sha256sum` + `cp`;
//  3. folder packages of 1k → 10k → 100k tiny files (smoke: 200 → 2k): open (scan + digests + read) + check times.
// BENCH_SMALL, BENCH_BIG_MB (0 skips a part) and BENCH_SIZES=1000,10000 change the sizes.
// No database: the checks that look things up get no services (they skip), as in a dry run. BENCH_SMOKE=1 for CI.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHECKS } from '../packages/server/src/modules/ingest/checks/index.ts';
import { openPackage } from '../packages/server/src/modules/ingest/package.open.ts';
import { runChecks } from '../packages/server/src/modules/ingest/runner.ts';
import { zipBuffer, type ZipEntry } from '../packages/server/src/modules/ingest/test/zip.writer.ts';
import { createLocalDiskStorage } from '../packages/server/src/platform/storage/local-disk.storage.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const SMALL_N = Number(process.env.BENCH_SMALL ?? (smoke ? 300 : 3000));
const BIG = Number(process.env.BENCH_BIG_MB ?? (smoke ? 64 : 2048)) * 1024 * 1024;
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : smoke ? [200, 2000] : [1000, 10_000, 100_000];
const ROUNDS = smoke ? 1 : 3;
const checks = CHECKS.filter((c) => !c.id.startsWith('virus'));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function pdf(size: number) {
  const pad = randomBytes(size).toString('base64').slice(0, size);
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n3 0 obj<</Length ${pad.length}>>stream\n${pad}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}
function jpeg(size: number) {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]), randomBytes(size), Buffer.from([0xff, 0xd9])]);
}

/** The machine's small-file limit: read + SHA-256 + SM3 + write temp + fsync + rename, 8 in flight. */
async function machineSmall(files: string[], out: string) {
  await fs.mkdir(out, { recursive: true });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const b = await fs.readFile(f);
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
  return files.length / ((performance.now() - t0) / 1000);
}

async function ingest(zipFile: string, work: string, store: string) {
  const t0 = performance.now();
  const pkg = await openPackage({ kind: 'file', file: zipFile, filename: 'p.zip' }, work);
  const items = await runChecks({ checks, pkg, stage: 'GD', config: {}, services: {}, signal: new AbortController().signal });
  const tChecked = performance.now();
  const storage = createLocalDiskStorage(store);
  const content = pkg.files.filter((f) => (f.role ?? 'content') === 'content');
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < content.length) { const f = content[next++]!; await storage.put(createReadStream(f.absPath), { expectedSha256: f.digests.sha256 }); }
  }));
  return { pkg, items, checkMs: tChecked - t0, totalMs: performance.now() - t0 };
}

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-ingest-'));
  console.log(`ingest bench${smoke ? ' (smoke)' : ''} · ${os.cpus().length} CPUs · load ${load()}`);
  try {
    // 1. small files
    if (SMALL_N > 0) {
    const entries: ZipEntry[] = Array.from({ length: SMALL_N }, (_, i) => {
      const size = 10_000 + Math.floor(Math.random() * 90_000);
      return i % 2 ? { name: `objects/f${i}.pdf`, data: pdf(size), store: true } : { name: `objects/f${i}.jpg`, data: jpeg(size), store: true };
    });
    const bytes = entries.reduce((s, e) => s + (e.data as Buffer).length, 0);
    const zipFile = path.join(dir, 'small.zip');
    await fs.writeFile(zipFile, zipBuffer(entries));
    const ratios: number[] = [], ours: number[] = [], limits: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const w = path.join(dir, `s${r}`);
      const res = await ingest(zipFile, path.join(w, 'work'), path.join(w, 'store'));
      const rate = SMALL_N / (res.totalMs / 1000);
      const files = res.pkg.files.map((f) => f.absPath);
      const lim = await machineSmall(files, path.join(w, 'limit'));
      ours.push(rate); limits.push(lim); ratios.push(rate / lim);
      console.log(`  small round ${r + 1}: ingest ${rate.toFixed(0)} files/s (checks ${(SMALL_N / (res.checkMs / 1000)).toFixed(0)} files/s) · machine limit ${lim.toFixed(0)} files/s · ratio ${(rate / lim).toFixed(2)} · load ${load()}`);
      await fs.rm(w, { recursive: true, force: true });
    }
    console.log(`small files: ${SMALL_N} files, ${(bytes / 1048576).toFixed(0)} MiB · ingest median ${median(ours).toFixed(0)} files/s · limit median ${median(limits).toFixed(0)} files/s · ratio median ${median(ratios).toFixed(2)}`);
    await fs.rm(zipFile, { force: true });
    }

    // 2. one big file, stored (zip writer holds it in memory: smoke-sized unless BENCH_BIG_MB is set)
    if (BIG === 0) console.log('big file: skipped (BENCH_BIG_MB=0)');
    else if (BIG <= 512 * 1024 * 1024) {
      const bigFile = path.join(dir, 'big.zip');
      await fs.writeFile(bigFile, zipBuffer([{ name: 'big.bin', data: randomBytes(BIG), store: true }]));
      const w = path.join(dir, 'b');
      const t0 = performance.now();
      execFileSync('sha256sum', [bigFile]);
      execFileSync('cp', [bigFile, path.join(dir, 'copy.bin')]);
      execFileSync('sync');
      const limitMs = performance.now() - t0;
      const res = await ingest(bigFile, path.join(w, 'work'), path.join(w, 'store'));
      const mb = BIG / 1048576;
      console.log(`big file ${mb.toFixed(0)} MiB: ingest ${(mb / (res.totalMs / 1000)).toFixed(0)} MiB/s (extract+checks ${(mb / (res.checkMs / 1000)).toFixed(0)} MiB/s) · sha256sum+cp+sync ${(mb / (limitMs / 1000)).toFixed(0)} MiB/s · ratio ${(limitMs / res.totalMs).toFixed(2)} · load ${load()}`);
      await fs.rm(w, { recursive: true, force: true });
      await fs.rm(bigFile, { force: true });
      await fs.rm(path.join(dir, 'copy.bin'), { force: true });
    } else console.log('big file: set BENCH_BIG_MB ≤ 512 (the test zip writer builds the zip in memory)');

    // 3. scaling
    for (const n of SIZES) {
      // A folder package (the test zip writer has no zip64, so it cannot hold 100k entries): scan + digests + read.
      const src = path.join(dir, `n${n}`);
      for (let d = 0; d * 1000 < n; d++) await fs.mkdir(path.join(src, 'objects', String(d)), { recursive: true });
      for (let i = 0; i < n; i += 500) await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, k) => fs.writeFile(path.join(src, 'objects', String(Math.floor((i + k) / 1000)), `f${i + k}.txt`), `file ${i + k} ${'x'.repeat(200)}`)));
      const t0 = performance.now();
      const pkg = await openPackage({ kind: 'dir', dir: src }, path.join(dir, `w${n}`));
      const tOpen = performance.now();
      await runChecks({ checks, pkg, stage: 'GD', config: {}, services: {}, signal: new AbortController().signal });
      const t1 = performance.now();
      console.log(`package of ${n} files: open ${((tOpen - t0) / 1000).toFixed(1)} s + checks ${((t1 - tOpen) / 1000).toFixed(1)} s = ${((t1 - t0) / 1000).toFixed(1)} s (${(n / ((t1 - t0) / 1000)).toFixed(0)} files/s) · load ${load()}`);
      await fs.rm(path.join(dir, `w${n}`), { recursive: true, force: true });
      await fs.rm(src, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

await main();
