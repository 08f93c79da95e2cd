import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { raiseAlert } from './alerts.repository.ts';
import { backoffMs, checkCopy } from './copy-check.ts';
import { recordPreservationEvent } from './events.repository.ts';
import { planReplicas } from './inventory.ts';
import type { LocationStores } from './location-stores.ts';
import { listLocations, type Location } from './locations.repository.ts';
import { withLock } from './lock.ts';
import type { RepairService } from './repair.service.ts';

export interface ReplicateResult { planned: number; copied: number; retried: number; skipped?: boolean }

/**
 * Copies every inventoried object to every other location. The source copy is read with digest
 * verification, the destination put carries the expected SHA-256 and size, and the copy is read back
 * and hashed at the destination before its row says `present`. A location that is offline or fails
 * keeps the row pending with an exponential backoff (never marked done); a source that turns out
 * corrupt hands the object to self-repair.
 */
export function createReplicationService({ db, stores, repair, retryBaseMs = 30_000 }: { db: Db; stores: LocationStores; repair: RepairService; retryBaseMs?: number }) {
  async function replicate(opts: { all?: boolean; limit?: number } = {}): Promise<ReplicateResult> {
    return (await withLock(db, 'replicate', () => run(opts))) ?? { planned: 0, copied: 0, retried: 0, skipped: true };
  }

  async function run({ all = false, limit = 500 }: { all?: boolean; limit?: number }): Promise<ReplicateResult> {
    const planned = await planReplicas(db);
    const locations = new Map((await listLocations(db)).map((l) => [l.id, l]));
    let q = db.selectFrom('object_replicas as r').innerJoin('preservation_objects as o', 'o.sha256', 'r.sha256')
      .select(['r.location_id', 'r.sha256', 'r.attempts', 'o.size']).where('r.state', '=', 'pending');
    if (!all) q = q.where('r.next_attempt_at', '<=', sql<Date>`now()`);
    const due = await q.orderBy('r.next_attempt_at').orderBy('r.sha256').limit(limit).execute();
    const res: ReplicateResult = { planned, copied: 0, retried: 0 };
    for (const row of due) {
      const dest = locations.get(row.location_id)!;
      const ok = await copyOne(row.sha256, Number(row.size), dest, row.attempts, locations);
      if (ok) res.copied++;
      else res.retried++;
    }
    return res;
  }

  async function retryLater(dest: Location, sha256: string, attempts: number, why: string) {
    const n = attempts + 1;
    await db.updateTable('object_replicas').set({ attempts: n, last_error: why.slice(0, 500), next_attempt_at: new Date(Date.now() + backoffMs(n, retryBaseMs)), updated_at: new Date() })
      .where('location_id', '=', dest.id).where('sha256', '=', sha256).where('state', '=', 'pending').execute();
    await recordPreservationEvent(db, { type: 'replication', outcome: 'fail', objectSha256: sha256, locationId: dest.id, detail: `copy to ${dest.id} not done, will retry`, outcomeDetail: { attempt: n, error: why } });
    if (n === 3) await raiseAlert(db, { kind: 'replication_retrying', severity: 'warning', objectSha256: sha256, locationId: dest.id, message: `Copies to ${dest.name} keep failing (${why}); retrying with backoff` });
  }

  async function copyOne(sha256: string, size: number, dest: Location, attempts: number, locations: Map<string, Location>): Promise<boolean> {
    if (dest.state === 'offline') {
      await retryLater(dest, sha256, attempts, 'location offline');
      return false;
    }
    const sources = (await db.selectFrom('object_replicas').select('location_id').where('sha256', '=', sha256).where('state', '=', 'present').execute())
      .map((r) => locations.get(r.location_id)).filter((l): l is Location => !!l && l.state === 'online')
      .sort((a, b) => (a.kind === 'primary' ? -1 : b.kind === 'primary' ? 1 : a.position - b.position));
    if (!sources.length) {
      await retryLater(dest, sha256, attempts, 'no online source copy');
      return false;
    }
    const src = sources[0]!;
    const store = stores.open(dest);
    try {
      await store.put(await stores.open(src).get(sha256, { verify: true }), { expectedSha256: sha256, expectedSize: size });
      const check = await checkCopy(store, sha256);
      if (check.status !== 'pass') {
        // A put of bytes that "already exist" keeps what is there: a damaged leftover is removed and copied again.
        if (check.status === 'mismatch') await store.delete(sha256).catch(() => false);
        throw new Error(`destination read-back: ${check.status}${check.actualSha256 ? ` (${check.actualSha256})` : ''}`);
      }
      await db.updateTable('object_replicas').set({ state: 'present', copied_at: new Date(), last_checked_at: new Date(), last_check_outcome: 'pass', attempts: 0, last_error: null, next_attempt_at: null, updated_at: new Date() })
        .where('location_id', '=', dest.id).where('sha256', '=', sha256).execute();
      await recordPreservationEvent(db, { type: 'replication', outcome: 'pass', objectSha256: sha256, locationId: dest.id, detail: `copied from ${src.id}, digest verified at destination`, outcomeDetail: { source: src.id, size } });
      return true;
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { code?: string };
      await retryLater(dest, sha256, attempts, `${err.code ? err.code + ': ' : ''}${err.message}`);
      if (err.code === 'storage_digest_mismatch' || err.code === 'storage_not_found') await repair.repairObject(sha256, 'replication source check');
      return false;
    }
  }

  return { replicate };
}
export type ReplicationService = ReturnType<typeof createReplicationService>;
