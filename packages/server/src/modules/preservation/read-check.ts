import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import type { Db } from '../../platform/db/database.ts';
import { StorageError, isStorageError, type ObjectStorage } from '../../platform/storage/index.ts';
import { recordPreservationEvent } from './events.repository.ts';
import type { LocationStores } from './location-stores.ts';
import { listLocations } from './locations.repository.ts';
import type { RepairService } from './repair.service.ts';

export interface ReadMeta { recordId?: string | null }
type ReadCheck = (sha256: string, meta: ReadMeta) => Promise<Readable>;
const registry = new WeakMap<ObjectStorage, ReadCheck>();

/**
 * Opens an object for a reader with its digest checked on the way (a fixity check on every read).
 * The last chunk is held back until the digest is known, so a corrupt or truncated object is never
 * delivered complete: the stream errors with `storage_digest_mismatch` instead. Where the
 * preservation module is wired, the check is recorded as a PREMIS event, a bad copy is repaired in the
 * background, and a copy already known to be bad is bypassed for a verified replica.
 */
export function verifiedRead(storage: ObjectStorage, sha256: string, meta: ReadMeta = {}): Promise<Readable> {
  const rc = registry.get(storage);
  return rc ? rc(sha256, meta) : storage.get(sha256).then((s) => holdBackVerify(s, sha256, async () => {}));
}

/** Hashes what flows, holding back the latest chunk; at the end releases it only when the digest matches. */
export function holdBackVerify(source: Readable, sha256: string, onResult: (ok: boolean, actual: string, size: number) => Promise<void>): Readable {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      size += chunk.length;
      const prev = held;
      held = chunk;
      cb(null, prev ?? undefined);
    },
    flush(cb) {
      const actual = hash.digest('hex');
      const ok = actual === sha256;
      onResult(ok, actual, size).catch(() => undefined).finally(() => {
        if (ok) cb(null, held ?? undefined);
        else cb(new StorageError('storage_digest_mismatch', `Stored object ${sha256} reads back as ${actual}`));
      });
    },
  });
  pipeline(source, t, () => {});
  return t;
}

export function registerReadCheck(storage: ObjectStorage, { db, stores, repair, log }: { db: Db; stores: LocationStores; repair: RepairService; log: (m: string, e?: unknown) => void }) {
  const repairLater = (sha256: string, why: string) => void repair.repairObject(sha256, why).catch((e) => log('preservation repair failed', e));
  const event = (sha256: string, locationId: string, ok: boolean, meta: ReadMeta, detail: Record<string, unknown>) =>
    recordPreservationEvent(db, { type: 'fixity check', outcome: ok ? 'pass' : 'fail', objectSha256: sha256, recordId: meta.recordId ?? null, locationId, detail: 'check on read', outcomeDetail: detail });

  registry.set(storage, async (sha256, meta) => {
    const rows = await db.selectFrom('object_replicas').select(['location_id', 'state']).where('sha256', '=', sha256).execute();
    const primaryBad = rows.some((r) => r.location_id === 'primary' && (r.state === 'corrupt' || r.state === 'missing'));
    let locationId = 'primary';
    let store: ObjectStorage = storage;
    if (primaryBad) {
      const good = new Set(rows.filter((r) => r.state === 'present').map((r) => r.location_id));
      const alt = (await listLocations(db)).find((l) => good.has(l.id) && l.state === 'online' && l.kind !== 'primary');
      if (alt) { locationId = alt.id; store = stores.open(alt); }
    }
    let source: Readable;
    try {
      source = await store.get(sha256);
    } catch (e) {
      if (isStorageError(e, 'storage_not_found')) {
        await event(sha256, locationId, false, meta, { status: 'missing' }).catch(() => undefined);
        await markBad(db, locationId, sha256, 'missing');
        repairLater(sha256, 'check on read');
      }
      throw e;
    }
    return holdBackVerify(source, sha256, async (ok, actual, size) => {
      await event(sha256, locationId, ok, meta, ok ? { size } : { status: 'mismatch', actualSha256: actual, size }).catch((e) => log('preservation event failed', e));
      if (!ok) {
        await markBad(db, locationId, sha256, 'corrupt');
        repairLater(sha256, 'check on read');
      }
    });
  });
}

async function markBad(db: Db, locationId: string, sha256: string, state: 'missing' | 'corrupt') {
  await db.updateTable('object_replicas').set({ state, last_checked_at: new Date(), last_check_outcome: 'fail' })
    .where('location_id', '=', locationId).where('sha256', '=', sha256).execute().catch(() => undefined);
}
