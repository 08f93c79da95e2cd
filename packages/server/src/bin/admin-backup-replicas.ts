import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import { raiseAlert } from '../modules/preservation/alerts.repository.ts';
import { listLocations } from '../modules/preservation/locations.repository.ts';

/**
 * The primary copies restore has just written (verified on the way in): each is in the inventory and
 * `present` at the primary location, whatever the dump said (an object the backup had to take from a
 * replica was damaged at the primary then). Rows that already say so are left as they were.
 */
export async function notePrimaryCopies(db: Db, objects: { sha256: string; size: number }[]): Promise<void> {
  if (!objects.length) return;
  await db.insertInto('preservation_objects').values(objects).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  await db.insertInto('object_replicas').values(objects.map((o) => ({ location_id: 'primary', sha256: o.sha256, state: 'present' as const, copied_at: new Date(), last_checked_at: new Date(), last_check_outcome: 'pass' as const })))
    .onConflict((oc) => oc.columns(['location_id', 'sha256']).doUpdateSet({ state: 'present', last_checked_at: new Date(), last_check_outcome: 'pass', updated_at: new Date() })
      .where('object_replicas.state', '<>', 'present'))
    .execute();
}

export interface ReplicaRebuild { toVerify: number; offline: string[] }

/**
 * What the dump says about copies at the other locations was true on the old machine, not here. After a
 * restore every such copy is `pending` again, so replication re-verifies it (a put of bytes already there
 * keeps them, then the copy is read back and hashed) or makes it anew; until then it does not count. A
 * local folder location whose folder does not exist on this machine is set offline with an alert (its
 * medium has to be attached first; copying into an empty folder there would not be that medium). The
 * sweep starts a new cycle everywhere.
 */
export async function rebuildReplicaState(db: Db): Promise<ReplicaRebuild> {
  return db.transaction().execute(async (tx) => {
    const moved = await tx.updateTable('object_replicas')
      .set({ state: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, last_error: 'restored from a backup: to be verified again', updated_at: new Date() })
      .where('location_id', '<>', 'primary').executeTakeFirst();
    const offline: string[] = [];
    for (const l of await listLocations(tx)) {
      if (l.kind !== 'local' || l.state !== 'online' || (l.config.path && existsSync(l.config.path))) continue;
      await tx.updateTable('storage_locations').set({ state: 'offline', updated_at: new Date() }).where('id', '=', l.id).execute();
      await raiseAlert(tx, { kind: 'location_unreachable', severity: 'warning', locationId: l.id,
        message: `After restore: the folder ${l.config.path ?? '(none)'} of ${l.name} does not exist on this machine; attach the medium and bring the location online` });
      offline.push(l.id);
    }
    await tx.updateTable('storage_locations').set({ sweep_cursor: null, sweep_cycle_started_at: null }).where('sweep_cursor', 'is not', null).execute();
    return { toVerify: Number(moved.numUpdatedRows ?? 0), offline };
  });
}
