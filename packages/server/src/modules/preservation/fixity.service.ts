import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { raiseAlert } from './alerts.repository.ts';
import { checkCopy, RateLimiter, type CopyCheck } from './copy-check.ts';
import { recordFixityChecks } from './events.repository.ts';
import { createHashPool, type HashPool } from './hash-pool.ts';
import { reconcileInventory } from './inventory.ts';
import type { LocationStores } from './location-stores.ts';
import { getPolicy, listLocations, type Location } from './locations.repository.ts';
import { withLock } from './lock.ts';
import type { RepairService } from './repair.service.ts';

export interface SweepResult { locations: { id: string; checked: number; bytes: number; failed: number; repaired: number; cycleCompleted: boolean; unreachable?: string }[]; skipped?: boolean }
export interface SweepOptions {
  /** Check everything from the cursor to the end of the cycle (ignore the per-run share of the cycle). */
  full?: boolean;
  /** How often the sweep runs; each run checks its share of the cycle (default 10 min). */
  intervalMs?: number;
  /** Overrides the policy's rate limit (bytes/s). */
  bytesPerSec?: number;
  onlyLocation?: string;
  /** Reads in flight per location for stores that are not local folders (S3). */
  concurrency?: number;
}

/**
 * Objects per batch: one query, one multi-row event insert, one replica update and one cursor write each.
 * The first batch is small so that writing it down overlaps the reading of the next one early.
 */
const FIRST_BATCH = 64;
const BATCH = 256;
type Row = { sha256: string; size: string | number };

/**
 * The scheduled fixity sweep. Each location is walked in key order from a persisted cursor, so a run
 * that stops (or is killed) resumes where the last recorded batch ended. A run checks the share of the
 * location's bytes the cycle calls for by now (so a cycle of, say, 90 days spreads evenly and catches
 * up after downtime), reading at most the policy's bytes per second. Every check is a PREMIS
 * `fixity check` event; a mismatch or a missing copy goes straight to self-repair.
 *
 * Throughput: local folders are read and hashed by a worker thread (hash-pool.ts) while this thread
 * records the batch before (events in one multi-row insert, passes in one update), so reading, hashing
 * and bookkeeping overlap; other stores are read a few objects at a time.
 */
export function createFixityService({ db, stores, repair }: { db: Db; stores: LocationStores; repair: RepairService }) {
  async function sweep(opts: SweepOptions = {}): Promise<SweepResult> {
    return (await withLock(db, 'sweep', () => run(opts))) ?? { locations: [], skipped: true };
  }

  let hashPool: HashPool | undefined; // one worker thread, kept between runs (runs never overlap: the advisory lock)

  async function run(opts: SweepOptions): Promise<SweepResult> {
    const policy = await getPolicy(db);
    const bytesPerSec = opts.bytesPerSec ?? policy.sweepBytesPerSec;
    const limiter = new RateLimiter(bytesPerSec);
    const pool = (hashPool ??= createHashPool({ bytesPerSec }));
    await pool.setRate(bytesPerSec);
    const out: SweepResult = { locations: [] };
    for (const loc of await listLocations(db)) {
      if (opts.onlyLocation && loc.id !== opts.onlyLocation) continue;
      if (loc.state === 'offline') continue;
      out.locations.push(await sweepLocation(loc, policy.fixityCycleDays * 86_400_000, limiter, pool, opts));
    }
    return out;
  }

  async function budgetFor(loc: Location, cycleMs: number, intervalMs: number): Promise<number> {
    const started = loc.sweepCycleStartedAt ?? new Date();
    const tot = await db.selectFrom('object_replicas as r').innerJoin('preservation_objects as o', 'o.sha256', 'r.sha256')
      .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('o.size'), sql<number>`0`).as('total'),
        eb.fn.coalesce(eb.fn.sum<number>(sql`case when r.sha256 <= ${loc.sweepCursor ?? ''} then o.size else 0 end`), sql<number>`0`).as('done')])
      .where('r.location_id', '=', loc.id).where('r.state', '<>', 'pending').executeTakeFirstOrThrow();
    const frac = Math.min(1, (Date.now() - started.getTime() + intervalMs) / cycleMs);
    return Math.max(1, Number(tot.total) * frac - Number(tot.done));
  }

  /** The next rows after `cursor`, cut to `budget` bytes (at least one row). */
  async function nextRows(loc: Location, cursor: string, budget: number, limit = BATCH): Promise<Row[]> {
    const rows = await db.selectFrom('object_replicas as r').innerJoin('preservation_objects as o', 'o.sha256', 'r.sha256')
      .select(['r.sha256', 'o.size']).where('r.location_id', '=', loc.id).where('r.state', '<>', 'pending').where('r.sha256', '>', cursor)
      .orderBy('r.sha256').limit(limit).execute();
    let bytes = 0;
    const n = rows.findIndex((row) => (bytes += Number(row.size)) >= budget);
    return n === -1 ? rows : rows.slice(0, n + 1);
  }

  function checker(store: ObjectStorage, limiter: RateLimiter, pool: HashPool, concurrency: number) {
    const local = 'pathOf' in store && 'root' in store ? (store as unknown as { pathOf(k: string): string; root: string }) : null;
    return async (rows: Row[]): Promise<CopyCheck[]> => {
      if (local) return pool.check(rows.map((r) => ({ path: local.pathOf(r.sha256), sha256: r.sha256 })), local.root);
      const checks: CopyCheck[] = new Array(rows.length);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < rows.length; i = next++) checks[i] = await checkCopy(store, rows[i]!.sha256, limiter);
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      return checks;
    };
  }

  async function sweepLocation(loc: Location, cycleMs: number, limiter: RateLimiter, pool: HashPool, opts: SweepOptions) {
    const r = { id: loc.id, checked: 0, bytes: 0, failed: 0, repaired: 0, cycleCompleted: false } as SweepResult['locations'][number];
    const store = stores.open(loc);
    const local = 'pathOf' in store && 'root' in store ? (store as unknown as { root: string }).root : null;
    if (loc.kind === 'primary' && !loc.sweepCursor) { // new cycle: catch objects the inventory missed
      await reconcileInventory(db, stores.primary, local ? await pool.list(local) : undefined);
    }
    const withTemp = store as { cleanupTemp?: (o: { olderThanMs: number }) => Promise<number> };
    if (!loc.sweepCursor && withTemp.cleanupTemp) await withTemp.cleanupTemp({ olderThanMs: 6 * 3_600_000 }).catch(() => 0); // leftovers of killed copies
    if (!loc.sweepCycleStartedAt) await db.updateTable('storage_locations').set({ sweep_cycle_started_at: new Date() }).where('id', '=', loc.id).execute();
    const budget = opts.full ? Infinity : await budgetFor(loc, cycleMs, opts.intervalMs ?? 600_000);
    const check = checker(store, limiter, pool, opts.concurrency ?? 4);
    let rows = await nextRows(loc, loc.sweepCursor ?? '', budget, FIRST_BATCH);
    let pending = rows.length ? check(rows) : null;
    while (rows.length) {
      const checks = await pending!;
      const unreachable = checks.findIndex((c) => c.status === 'unreachable');
      const batchBytes = rows.reduce((s, x) => s + Number(x.size), 0);
      // Read ahead: the next batch is read and hashed while this one is written down.
      const after = unreachable === -1 && r.bytes + batchBytes < budget ? await nextRows(loc, rows[rows.length - 1]!.sha256, budget - r.bytes - batchBytes) : [];
      pending = after.length ? check(after) : null;
      pending?.catch(() => undefined); // awaited on the next turn; a failure there must not be unhandled meanwhile
      const done = unreachable === -1 ? rows : rows.slice(0, unreachable);
      await recordBatch(loc, done, checks, r);
      if (unreachable !== -1) {
        r.unreachable = checks[unreachable]!.error ?? 'unreachable';
        await raiseAlert(db, { kind: 'location_unreachable', severity: 'warning', locationId: loc.id, message: `Fixity sweep of ${loc.name} stopped: ${r.unreachable}` });
        return r;
      }
      if (!after.length && r.bytes >= budget) return r;
      rows = after;
    }
    await db.updateTable('storage_locations').set({ sweep_cursor: null, sweep_cycle_started_at: null, last_sweep_completed_at: new Date() }).where('id', '=', loc.id).execute();
    r.cycleCompleted = true;
    return r;
  }

  /**
   * Writes one batch down in one transaction: its events, the passes, each failure's state and the cursor past it,
   * so a kill leaves either all of it or none (the next run then checks the batch again, once). Repairs follow the
   * commit: a copy marked missing or corrupt stays marked until one succeeds.
   */
  async function recordBatch(loc: Location, done: Row[], checks: CopyCheck[], r: SweepResult['locations'][number]) {
    if (!done.length) return;
    const now = new Date();
    const failed = done.flatMap((row, i) => (checks[i]!.status === 'pass' ? [] : [{ row, status: checks[i]!.status }]));
    await db.transaction().execute(async (tx) => {
      await recordFixityChecks(tx, loc.id, 'scheduled sweep', done.map((row, i) => ({
        sha256: row.sha256, outcome: checks[i]!.status === 'pass' ? 'pass' : 'fail',
        outcomeDetail: checks[i]!.status === 'pass' ? { size: checks[i]!.size } : { status: checks[i]!.status, actualSha256: checks[i]!.actualSha256, size: checks[i]!.size, expectedSize: Number(row.size) },
      })));
      const passed = done.filter((_, i) => checks[i]!.status === 'pass').map((x) => x.sha256);
      if (passed.length) {
        await sql`update object_replicas set state = 'present', last_checked_at = ${now}, last_check_outcome = 'pass'
          where location_id = ${loc.id} and sha256 = any(${passed}::text[])`.execute(tx);
      }
      for (const f of failed) {
        await tx.updateTable('object_replicas').set({ state: f.status === 'missing' ? 'missing' : 'corrupt', last_checked_at: now, last_check_outcome: 'fail' })
          .where('location_id', '=', loc.id).where('sha256', '=', f.row.sha256).execute();
      }
      await tx.updateTable('storage_locations').set({ sweep_cursor: done[done.length - 1]!.sha256 }).where('id', '=', loc.id).execute();
    });
    for (const row of done) { r.checked++; r.bytes += Number(row.size); }
    for (const f of failed) {
      r.failed++;
      const rep = await repair.repairObject(f.row.sha256, `fixity sweep of ${loc.id}`);
      if (rep.repaired.includes(loc.id)) r.repaired++;
    }
  }

  return { sweep };
}
export type FixityService = ReturnType<typeof createFixityService>;
