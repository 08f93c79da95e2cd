import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createFixityService } from './fixity.service.ts';
import { createLocationStores } from './location-stores.ts';
import { registerReadCheck } from './read-check.ts';
import { forgetObject, onObjectDeleted, untracked } from './inventory.ts';
import { listLocations } from './locations.repository.ts';
import { createRepairService } from './repair.service.ts';
import { createReplicationService } from './replication.service.ts';

export interface PreservationDeps {
  db: Db;
  /** The primary object store as the rest of the app uses it (wrapped by `trackObjects`). */
  storage: ObjectStorage;
  tmpDir?: string;
  retryBaseMs?: number;
  log?: (m: string, e?: unknown) => void;
}

/** Wires the bit-preservation services. No I/O here (the container may be offline). */
export function createPreservationModule({ db, storage, tmpDir, retryBaseMs, log = () => {} }: PreservationDeps) {
  const stores = createLocationStores(untracked(storage), { tmpDir });
  const repair = createRepairService({ db, stores });
  const replication = createReplicationService({ db, stores, repair, retryBaseMs });
  const fixity = createFixityService({ db, stores, repair });
  registerReadCheck(storage, { db, stores, repair, log });
  // An object the app deletes (e.g. a record file removed) goes from every online location too; copies on offline media are named in the event.
  onObjectDeleted(storage, async (sha256) => {
    const at = new Set((await db.selectFrom('object_replicas').select('location_id').where('sha256', '=', sha256).where('state', '<>', 'pending').execute()).map((r) => r.location_id));
    const left: string[] = [];
    for (const l of await listLocations(db)) {
      if (l.kind === 'primary' || !at.has(l.id)) continue;
      if (l.state === 'offline' || !(await stores.open(l).delete(sha256).then(() => true, () => false))) left.push(l.id);
    }
    await forgetObject(db, sha256, left);
  });
  return { db, stores, repair, replication, fixity };
}
export type PreservationModule = ReturnType<typeof createPreservationModule>;
