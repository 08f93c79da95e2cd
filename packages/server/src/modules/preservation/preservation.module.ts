import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createFixityService } from './fixity.service.ts';
import { createLocationStores } from './location-stores.ts';
import { registerReadCheck } from './read-check.ts';
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
  const stores = createLocationStores(storage, { tmpDir });
  const repair = createRepairService({ db, stores });
  const replication = createReplicationService({ db, stores, repair, retryBaseMs });
  const fixity = createFixityService({ db, stores, repair });
  registerReadCheck(storage, { db, stores, repair, log });
  return { db, stores, repair, replication, fixity };
}
export type PreservationModule = ReturnType<typeof createPreservationModule>;
