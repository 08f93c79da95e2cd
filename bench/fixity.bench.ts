// npm run bench:fixity — the fixity sweep's read+hash throughput against coreutils `sha256sum` on the same files.
//
// One local-disk primary store, filled with large files (default 4 × 256 MiB) and small files (5,000 × 20–100 KiB);
// BENCH_SMOKE=1 or CI=true: 4 × 16 MiB and 500 small. For each set, rounds alternate `sha256sum` (via xargs, one
// process at a time) and a full sweep of the primary location (rate limit lifted; the local folder is read and hashed by the
// sweep's worker thread while the previous batch is recorded (BENCH_CONCURRENCY only matters for S3 locations), every check
// recorded as a PREMIS event, cursor persisted per batch), with the page cache warm for both. Prints MiB/s and files/s
// of each, the paired ratio per round and its median (the goal is ≥ 0.8), the load average, the parts (store listing,
// the hash worker alone without the database), and a rate-limited run showing the limiter holds the policy's bytes/s.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../packages/server/src/platform/db/database.ts';
import { migrateToLatest } from '../packages/server/src/platform/db/migrate.ts';
import { startEmbeddedPostgres } from '../packages/server/src/platform/db/embedded-postgres.ts';
import { createLocalDiskStorage } from '../packages/server/src/platform/storage/local-disk.storage.ts';
import { reconcileInventory, trackObjects } from '../packages/server/src/modules/preservation/inventory.ts';
import { createPreservationModule } from '../packages/server/src/modules/preservation/preservation.module.ts';
import { createHashPool } from '../packages/server/src/modules/preservation/hash-pool.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (smoke ? 1 : 3));
/** Reads in flight in the sweep (its default is 4); sha256sum runs as one process. */
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SETS = [
  { name: 'large', count: 4, min: (smoke ? 16 : 256) * 1048576, max: (smoke ? 16 : 256) * 1048576 },
  { name: 'small', count: smoke ? 500 : 5000, min: 20 * 1024, max: 100 * 1024 },
];
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-bench-fixity-'));
  await fs.chmod(dir, 0o755);
  const pgs = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(path.join(dir, 'pg'), 54000 + Math.floor(Math.random() * 900));
  const server = process.env.DATABASE_URL ? process.env.DATABASE_URL.replace(/\/[^/]*$/, '') : pgs!.url('').replace(/\/$/, '');
  const dbName = `lantai_bench_fix_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const db = createDb(`${server}/${dbName}`);
  await migrateToLatest(db);
  console.log(`fixity bench (${smoke ? 'smoke' : 'full'}), ${ROUNDS} round(s), sweep concurrency ${CONC}; cpus ${os.cpus().length}; node ${process.version}`);
  try {
    for (const set of SETS) {
      const root = path.join(dir, `objects-${set.name}`);
      await db.deleteFrom('object_replicas').execute();
      await db.deleteFrom('preservation_objects').execute();
      await db.updateTable('storage_locations').set({ sweep_cursor: null, sweep_cycle_started_at: null }).execute();
      const storage = trackObjects(createLocalDiskStorage(root), db);
      const p = createPreservationModule({ db, storage });
      let bytes = 0;
      const pool = randomBytes(set.max + 4);
      for (let i = 0; i < set.count; i++) {
        const size = set.min + Math.floor(Math.random() * (set.max - set.min + 1));
        const buf = Buffer.from(pool.subarray(0, size));
        buf.writeUInt32BE(i, 0);
        bytes += (await storage.put(set.count <= 8 ? randomBytes(size) : buf)).size;
      }
      const mib = bytes / 1048576;
      const files = `find ${root} -type f -regextype posix-extended -regex '.*/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}' -print0`;
      spawnSync('sh', ['-c', `${files} | xargs -0 cat > /dev/null`]); // warm the page cache
      console.log(`\n${set.name}: ${set.count} files, ${mib.toFixed(0)} MiB   load ${load()}`);
      const tr = Date.now();
      await reconcileInventory(db, createLocalDiskStorage(root));
      console.log(`  (each sweep starts a new cycle here, which first lists the store to catch uninventoried objects: ${Date.now() - tr} ms of it)`);
      const ratios: number[] = [];
      for (let r = 1; r <= ROUNDS; r++) {
        const t0 = process.hrtime.bigint();
        const out = spawnSync('sh', ['-c', `${files} | xargs -0 -n 256 sha256sum | wc -l`], { encoding: 'utf8' });
        const tSum = Number(process.hrtime.bigint() - t0) / 1e9;
        if (Number(out.stdout.trim()) !== set.count) throw new Error(`sha256sum saw ${out.stdout.trim()} files`);
        const t1 = process.hrtime.bigint();
        const res = await p.fixity.sweep({ full: true, bytesPerSec: 1e12, concurrency: CONC, onlyLocation: 'primary' });
        const tSweep = Number(process.hrtime.bigint() - t1) / 1e9;
        const l = res.locations[0]!;
        if (l.checked !== set.count || l.failed !== 0 || !l.cycleCompleted) throw new Error(`sweep: ${JSON.stringify(l)}`);
        const ratio = tSum / tSweep;
        ratios.push(ratio);
        console.log(`  round ${r}: sha256sum ${(mib / tSum).toFixed(0)} MiB/s (${(set.count / tSum).toFixed(0)} files/s) | sweep ${(mib / tSweep).toFixed(0)} MiB/s (${(set.count / tSweep).toFixed(0)} files/s) | sweep ÷ sha256sum ${ratio.toFixed(2)}   load ${load()}`);
      }
      console.log(`  median ratio ${median(ratios).toFixed(2)} (goal ≥ 0.80)`);
      // Where the time goes: the worker's read + hash alone (no database), and the store listing done at the start of each cycle.
      const keys = (await db.selectFrom('preservation_objects').select('sha256').orderBy('sha256').execute()).map((x) => x.sha256);
      const local = createLocalDiskStorage(root);
      const hasher = createHashPool({ bytesPerSec: 1e12 });
      const tl = process.hrtime.bigint();
      const listed = await hasher.list(root);
      const tList = Number(process.hrtime.bigint() - tl) / 1e9;
      const th = process.hrtime.bigint();
      for (let i = 0; i < keys.length; i += 512) await hasher.check(keys.slice(i, i + 512).map((k) => ({ path: local.pathOf(k), sha256: k })));
      const tHash = Number(process.hrtime.bigint() - th) / 1e9;
      await hasher.close();
      console.log(`  parts: listing the store ${(tList * 1000).toFixed(0)} ms (${listed.length} keys) | worker read+hash alone ${(mib / tHash).toFixed(0)} MiB/s (${(set.count / tHash).toFixed(0)} files/s)   load ${load()}`);
      const events = await db.selectFrom('preservation_events').select((eb) => eb.fn.countAll<number>().as('n')).where('event_type', '=', 'fixity check').executeTakeFirstOrThrow();
      console.log(`  fixity-check events recorded so far: ${Number(events.n).toLocaleString()}`);
      if (set.name === 'large') {
        const rate = Math.round(bytes / 4); // the whole set at this rate takes 4 s, minus the limiter's 1 s burst
        const t = Date.now();
        await p.fixity.sweep({ full: true, bytesPerSec: rate, concurrency: 1, onlyLocation: 'primary' });
        const s = (Date.now() - t) / 1000;
        console.log(`  rate-limited sweep at ${(rate / 1048576).toFixed(0)} MiB/s: ${(mib / s).toFixed(1)} MiB/s achieved over ${s.toFixed(1)} s (expected ≈ 3 s: 4 s less the 1 s burst)`);
      }
    }
  } finally {
    await db.destroy();
    await admin.query(`drop database if exists ${dbName}`).catch(() => undefined);
    await admin.end();
    await pgs?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
