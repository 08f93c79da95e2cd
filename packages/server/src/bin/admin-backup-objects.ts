import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { createStorage, type ObjectStorage } from '../platform/storage/index.ts';
import { shardPath } from '../platform/storage/storage.ts';
import { createLocationStores } from '../modules/preservation/location-stores.ts';
import { listLocations, type Location } from '../modules/preservation/locations.repository.ts';
import { AdminError } from './admin-commands.ts';
import { copyHashing } from './admin-backup-bag.ts';

export interface ObjectCopyResult {
  count: number;
  bytes: number;
  /** Objects whose primary copy was missing or damaged, taken from a verified copy elsewhere. */
  fromReplicas: { sha256: string; location: string; primary: string }[];
  manifest: [string, string][];
}

/** Keys of the preservation inventory, in key order, a page at a time. */
async function* inventoryKeys(db: Db): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('preservation_objects').select('sha256').where('sha256', '>', after).orderBy('sha256').limit(5000).execute();
    if (!rows.length) return;
    for (const r of rows) yield r.sha256;
    after = rows[rows.length - 1]!.sha256;
  }
}

/** The union of two ascending key streams, ascending, each key once (memory stays flat at any archive size). */
async function* union(a: AsyncIterable<string>, b: AsyncIterable<string>): AsyncGenerator<string> {
  const ia = a[Symbol.asyncIterator]();
  const ib = b[Symbol.asyncIterator]();
  let last = '';
  const next = async (it: AsyncIterator<string>) => {
    const r = await it.next();
    if (!r.done && r.value < last) throw new Error(`object keys out of order (${r.value} after ${last})`);
    return r;
  };
  let x = await next(ia);
  let y = await next(ib);
  while (!x.done || !y.done) {
    last = !x.done && (y.done || x.value <= y.value) ? x.value : (y.value as string);
    if (y.done || (!x.done && x.value < y.value)) { yield x.value as string; x = await next(ia); }
    else if (x.done || y.value < x.value) { yield y.value; y = await next(ib); }
    else { yield x.value; x = await next(ia); y = await next(ib); }
  }
}

/**
 * Copies every object of the archive into `<bag>/data/objects/`: every key in the preservation inventory
 * and every key in the primary store (a put the inventory missed). Each is read with its digest verified;
 * when the primary copy is missing or damaged, the copy is taken from the first other online location
 * whose copy verifies (and the backup says so). Copies at other locations are copies of these same
 * objects, so one verified copy of each is the whole archive; which location held what is in the database
 * dump, and restore turns it into "to be verified again" (admin-backup-replicas.ts).
 */
export async function copyAllObjects(config: Config, db: Db, bagDir: string, say: (s: string) => void): Promise<ObjectCopyResult> {
  const primary = createStorage(config);
  const stores = createLocationStores(primary, { tmpDir: path.join(config.dataDir, 'tmp') });
  const others = (await listLocations(db)).filter((l) => l.kind !== 'primary' && l.state === 'online');
  const out: ObjectCopyResult = { count: 0, bytes: 0, fromReplicas: [], manifest: [] };
  for await (const key of union(inventoryKeys(db), primary.list())) {
    const rel = `data/objects/${shardPath(key)}`;
    const dest = path.join(bagDir, rel);
    const first = await tryCopy(primary, key, dest);
    let got = first.ok ? first : null;
    if (!first.ok) {
      for (const l of others) {
        const r = await tryCopy(open(stores, l), key, dest);
        if (!r.ok) continue;
        got = r;
        out.fromReplicas.push({ sha256: key, location: l.id, primary: first.why });
        say(`  对象 ${key.slice(0, 12)}… 主存储副本不可用 (${first.why})，已从 ${l.id} 的已校验副本备份 / primary copy unusable, backed up from the verified copy at ${l.id}`);
        break;
      }
    }
    if (!got?.ok) {
      throw new AdminError(`对象在任何位置都没有完好副本，备份中止 / no good copy of stored object ${key} anywhere (primary: ${first.ok ? '' : first.why}; ` +
        `${others.length ? `also tried ${others.map((l) => l.id).join(', ')}` : 'no other online location'}); backup stopped`);
    }
    out.manifest.push([rel, got.sha256]);
    out.count++;
    out.bytes += got.size;
  }
  return out;
}

function open(stores: ReturnType<typeof createLocationStores>, l: Location): ObjectStorage {
  return stores.open(l);
}

async function tryCopy(store: ObjectStorage, key: string, dest: string): Promise<{ ok: true; sha256: string; size: number } | { ok: false; why: string }> {
  try {
    const r = await copyHashing(await store.get(key, { verify: true }), dest);
    if (r.sha256 !== key) throw new Error(`read ${r.sha256}`);
    return { ok: true, ...r };
  } catch (e) {
    await fs.rm(dest, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOSPC' || err.code === 'EFBIG' || err.code === 'EDQUOT') {
      throw new AdminError(`备份目标空间不足，备份中止 / the backup target is full (${err.code}); backup stopped, nothing in the archive changed: ${err.message}`);
    }
    return { ok: false, why: `${err.code ?? 'error'}: ${err.message}` };
  }
}
