import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage, PutOptions, PutResult } from '../../platform/storage/storage.ts';
import { recordPreservationEvent } from './events.repository.ts';

/** Adds an object (known to be complete in the primary store) to the inventory, with its primary copy present. */
export const noteObject = (db: Db, sha256: string, size: number): Promise<void> => noteObjects(db, [{ sha256, size }]);

/** Adds objects to the inventory (a batch adopted at accept: one statement per table and 1,000 objects). */
export async function noteObjects(db: Db, objects: readonly { sha256: string; size: number }[]): Promise<void> {
  const unique = [...new Map(objects.map((o) => [o.sha256, o])).values()];
  for (let i = 0; i < unique.length; i += 1000) {
    const part = unique.slice(i, i + 1000);
    await db.insertInto('preservation_objects').values(part.map((o) => ({ sha256: o.sha256, size: o.size }))).onConflict((oc) => oc.doNothing()).execute();
    await db.insertInto('object_replicas').values(part.map((o) => ({ location_id: 'primary', sha256: o.sha256, state: 'present', copied_at: new Date() })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

/**
 * The primary store, with every new object entered in the preservation inventory as soon as it is
 * stored (so replication picks it up). The inventory write never fails a put: an object it misses is
 * found by `reconcileInventory`, which lists the store.
 */
export function trackObjects(storage: ObjectStorage, db: Db, onError: (e: unknown) => void = () => {}): ObjectStorage {
  const tracked: ObjectStorage = {
    ...storage,
    put: async (source, opts?: PutOptions): Promise<PutResult> => {
      const r = await storage.put(source, opts);
      await noteObject(db, r.sha256, r.size).catch(onError);
      return r;
    },
    putFile: async (absPath, digests) => {
      const r = await storage.putFile(absPath, digests);
      await noteObject(db, r.sha256, r.size).catch(onError);
      return r;
    },
    putFiles: async (files) => {
      const rs = await storage.putFiles(files);
      await noteObjects(db, rs).catch(onError);
      return rs;
    },
    get: (k, o) => storage.get(k, o),
    head: (k) => storage.head(k),
    delete: async (k) => {
      const removed = await storage.delete(k);
      await (deleteHooks.get(tracked) ?? ((sha: string) => forgetObject(db, sha, [])))(k).catch(onError);
      return removed;
    },
    list: () => storage.list(),
    verify: (k) => storage.verify(k),
  };
  rawOf.set(tracked, storage);
  return tracked;
}

const rawOf = new WeakMap<ObjectStorage, ObjectStorage>();
/** The store under `trackObjects` (preservation's own repairs must not count as the app deleting an object). */
export const untracked = (s: ObjectStorage): ObjectStorage => rawOf.get(s) ?? s;

const deleteHooks = new WeakMap<ObjectStorage, (sha256: string) => Promise<void>>();
/** What else happens when the app deletes an object from the primary (the module removes the other copies). */
export const onObjectDeleted = (storage: ObjectStorage, hook: (sha256: string) => Promise<void>) => void deleteHooks.set(storage, hook);

/** Drops a deleted object from the inventory, with a PREMIS deletion event naming copies left behind. */
export async function forgetObject(db: Db, sha256: string, leftAt: string[]): Promise<void> {
  const had = await db.deleteFrom('object_replicas').where('sha256', '=', sha256).returning('location_id').execute();
  const obj = await db.deleteFrom('preservation_objects').where('sha256', '=', sha256).returning('sha256').executeTakeFirst();
  if (obj) {
    await recordPreservationEvent(db, { type: 'deletion', outcome: leftAt.length ? 'warning' : 'pass', objectSha256: sha256, detail: 'object deleted from the archive',
      outcomeDetail: { locations: had.map((r) => r.location_id), copiesLeftAt: leftAt } });
  }
}

/** Lists the primary store (or takes its keys from `keys`) and enters what the inventory lacks; resolves how many were added. */
export async function reconcileInventory(db: Db, primary: ObjectStorage, keys: AsyncIterable<string> | Iterable<string> = primary.list()): Promise<number> {
  let added = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const known = new Set((await db.selectFrom('preservation_objects').select('sha256').where('sha256', 'in', batch).execute()).map((r) => r.sha256));
    for (const k of batch.filter((k) => !known.has(k))) {
      const h = await primary.head(k);
      if (!h) continue;
      await noteObject(db, k, h.size);
      added++;
    }
    batch = [];
  };
  for await (const k of keys) {
    batch.push(k);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return added;
}

/** Creates a pending replica row for every object at every location that has none yet. */
export async function planReplicas(db: Db): Promise<number> {
  const r = await sql`
    insert into object_replicas(location_id, sha256, state, next_attempt_at)
    select l.id, o.sha256, 'pending', now() from preservation_objects o cross join storage_locations l
    where l.kind <> 'primary' and not exists (select 1 from object_replicas r where r.location_id = l.id and r.sha256 = o.sha256)
    on conflict do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
