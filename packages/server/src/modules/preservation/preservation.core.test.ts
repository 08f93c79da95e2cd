import { chmod, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../platform/db/database.ts';
import { createLocalDiskStorage, type LocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { listPreservationEvents } from './events.repository.ts';
import { trackObjects } from './inventory.ts';
import { insertLocation, updateLocation } from './locations.repository.ts';
import { createPreservationModule, type PreservationModule } from './preservation.module.ts';
import { verifiedRead } from './read-check.ts';

let db: Db;
let dir: string;
let raw: LocalDiskStorage;
let copyB: LocalDiskStorage;
let p: PreservationModule;
let storage: ReturnType<typeof trackObjects>;
const shas: string[] = [];

const collect = async (s: NodeJS.ReadableStream) => { const c: Buffer[] = []; for await (const x of s) c.push(x as Buffer); return Buffer.concat(c); };
const flip = async (path: string, at = 10) => { const b = await readFile(path); b[at] = b[at]! ^ 0x01; await chmod(path, 0o644); await writeFile(path, b); };

beforeAll(async () => {
  db = createDb(await createTestDatabase());
  dir = await mkdtemp(join(tmpdir(), 'lantai-pres-'));
  raw = createLocalDiskStorage(join(dir, 'primary'));
  copyB = createLocalDiskStorage(join(dir, 'b'));
  storage = trackObjects(raw, db);
  p = createPreservationModule({ db, storage, retryBaseMs: 10 });
  await insertLocation(db, { id: 'b', name: 'Disk B', kind: 'local', medium: 'offline', zone: 'site-2', config: { path: join(dir, 'b') } });
  for (let i = 0; i < 5; i++) shas.push((await storage.put(Buffer.from(`object ${i} `.repeat(1000 + i)))).sha256);
});
afterAll(async () => { await db.destroy(); await rm(dir, { recursive: true, force: true }); });

describe('replication, fixity and self-repair (local disks)', () => {
  it('replicates every new object and verifies it at the destination', async () => {
    const r = await p.replication.replicate();
    expect(r.copied).toBe(5);
    for (const s of shas) expect((await copyB.verify(s)).ok).toBe(true);
    const rows = await db.selectFrom('object_replicas').selectAll().where('location_id', '=', 'b').execute();
    expect(rows.every((x) => x.state === 'present')).toBe(true);
    expect((await listPreservationEvents(db, { type: 'replication', outcome: 'pass' })).length).toBe(5);
  });

  it('a sweep detects a bit flip and a truncation on each location and repairs both from the good copy', async () => {
    await flip(raw.pathOf(shas[0]!));
    await chmod(copyB.pathOf(shas[1]!), 0o644);
    await truncate(copyB.pathOf(shas[1]!), 7);
    await rm(copyB.pathOf(shas[2]!));
    const res = await p.fixity.sweep({ full: true });
    const byLoc = Object.fromEntries(res.locations.map((l) => [l.id, l]));
    expect(byLoc.primary).toMatchObject({ checked: 5, failed: 1, repaired: 1, cycleCompleted: true });
    expect(byLoc.b!.failed).toBe(2);
    for (const s of shas) {
      expect((await raw.verify(s)).ok).toBe(true);
      expect((await copyB.verify(s)).ok).toBe(true);
    }
    expect((await listPreservationEvents(db, { type: 'repair', outcome: 'pass' })).length).toBe(3);
    expect((await db.selectFrom('preservation_alerts').selectAll().where('kind', '=', 'repaired').execute()).length).toBe(3);
  });

  it('with no good copy left raises one persistent incident', async () => {
    await flip(raw.pathOf(shas[3]!));
    await flip(copyB.pathOf(shas[3]!), 20);
    await p.repair.repairObject(shas[3]!, 'test');
    await p.repair.repairObject(shas[3]!, 'test again');
    const inc = await db.selectFrom('preservation_incidents').selectAll().execute();
    expect(inc).toHaveLength(1);
    expect(inc[0]).toMatchObject({ kind: 'no_good_copy', state: 'open', object_sha256: shas[3], occurrences: 2 });
  });

  it('a read never delivers corrupt bytes complete, and is served from a good replica once the primary is known bad', async () => {
    const sha = shas[4]!;
    const good = await collect(await verifiedRead(storage, sha));
    await flip(raw.pathOf(sha), 5);
    const s = await verifiedRead(storage, sha);
    const got: Buffer[] = [];
    await expect((async () => { for await (const c of s) got.push(c as Buffer); })()).rejects.toMatchObject({ code: 'storage_digest_mismatch' });
    expect(Buffer.concat(got).length).toBeLessThan(good.length);
    // repaired in the background; meanwhile (or after) a read gives the right bytes
    for (let i = 0; i < 50 && !(await raw.verify(sha)).ok; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await collect(await verifiedRead(storage, sha))).equals(good)).toBe(true);
    const ev = await listPreservationEvents(db, { objectSha256: sha, type: 'fixity check' });
    expect(ev.some((e) => e.detail === 'check on read' && e.outcome === 'fail')).toBe(true);
  });

  it('a location offline during replication is retried with backoff and never marked done', async () => {
    await updateLocation(db, 'b', { state: 'offline' });
    const sha = (await storage.put(Buffer.from('late object'))).sha256;
    const r1 = await p.replication.replicate();
    expect(r1).toMatchObject({ copied: 0, retried: 1 });
    const row = await db.selectFrom('object_replicas').selectAll().where('location_id', '=', 'b').where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_error: 'location offline' });
    expect(await copyB.head(sha)).toBeNull();
    await updateLocation(db, 'b', { state: 'online' });
    const r2 = await p.replication.replicate({ all: true });
    expect(r2.copied).toBe(1);
    expect((await copyB.verify(sha)).ok).toBe(true);
  });
});
