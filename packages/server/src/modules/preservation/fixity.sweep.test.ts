import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../platform/db/database.ts';
import { createLocalDiskStorage, type LocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { trackObjects } from './inventory.ts';
import { getLocation, insertLocation, updatePolicy } from './locations.repository.ts';
import { createPreservationModule, type PreservationModule } from './preservation.module.ts';

// The sweep's bookkeeping: one PREMIS event per check, resumable from its cursor (also after SIGKILL), spread over
// the cycle, and a detached location folder is "unreachable", never a folder of missing copies to rewrite.
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let db: Db;
let dbUrl: string;
let dir: string;
let raw: LocalDiskStorage;
let p: PreservationModule;
let storage: ReturnType<typeof trackObjects>;
const N = 1200;

beforeAll(async () => {
  dbUrl = await createTestDatabase();
  db = createDb(dbUrl);
  dir = await mkdtemp(join(tmpdir(), 'lantai-sweep-'));
  raw = createLocalDiskStorage(join(dir, 'primary'));
  storage = trackObjects(raw, db);
  p = createPreservationModule({ db, storage, retryBaseMs: 10 });
  await updatePolicy(db, { fixityCycleDays: 1 }, 'test');
  for (let i = 0; i < N; i++) await storage.put(randomBytes(1500 + (i % 7) * 100));
}, 120_000);
afterAll(async () => { await db.destroy(); await rm(dir, { recursive: true, force: true }); });

/** Sweep events per object since `since` (the ids are time-ordered). */
async function checksPerObject(location: string, since: string) {
  const r = await sql<{ n: number; objects: number; max: number }>`select count(*)::int as n, count(distinct object_sha256)::int as objects,
    coalesce(max(c), 0)::int as max from (select object_sha256, count(*) over (partition by object_sha256) as c from preservation_events
    where event_type = 'fixity check' and detail = 'scheduled sweep' and location_id = ${location} and id > ${since}::uuid) x`.execute(db);
  return r.rows[0]!;
}
const lastEventId = async () => (await db.selectFrom('preservation_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? '00000000-0000-0000-0000-000000000000';

describe('fixity sweep bookkeeping', () => {
  it('checks its share of the cycle per run, resumes from the cursor, and records exactly one event per object', async () => {
    const since = await lastEventId();
    const half = await p.fixity.sweep({ intervalMs: 12 * 3_600_000, onlyLocation: 'primary' }); // half of a 1-day cycle is due
    const a = half.locations[0]!;
    expect(a.cycleCompleted).toBe(false);
    expect(a.checked).toBeGreaterThan(N * 0.4);
    expect(a.checked).toBeLessThan(N * 0.6);
    const loc = await getLocation(db, 'primary');
    expect(loc!.sweepCursor).toMatch(/^[0-9a-f]{64}$/);
    const rest = await p.fixity.sweep({ full: true, onlyLocation: 'primary' });
    expect(rest.locations[0]).toMatchObject({ checked: N - a.checked, failed: 0, cycleCompleted: true });
    expect(await checksPerObject('primary', since)).toEqual({ n: N, objects: N, max: 1 });
    expect((await getLocation(db, 'primary'))!.sweepCursor).toBeNull();
  });

  it('SIGKILL mid-sweep: what was recorded stays, the next run resumes after the cursor, no object is checked twice in the cycle', { timeout: 120_000 }, async () => {
    const since = await lastEventId();
    const child = spawn(process.execPath, ['--import', tsx, join(here, 'test/fault-child.ts')],
      { env: { ...process.env, DATABASE_URL: dbUrl, PRIMARY_DIR: join(dir, 'primary'), MODE: 'sweep', RATE: String(1024 * 1024) } });
    const exited = new Promise((r) => child.on('exit', r));
    let killed = false;
    for (let i = 0; i < 1000 && !killed; i++) {
      if ((await getLocation(db, 'primary'))!.sweepCursor) { child.kill('SIGKILL'); killed = true; } else await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    expect(killed).toBe(true);
    const mid = await checksPerObject('primary', since);
    expect(mid.n).toBeGreaterThan(0);
    expect(mid.n).toBeLessThan(N);
    const cursor = (await getLocation(db, 'primary'))!.sweepCursor!;
    const upTo = await db.selectFrom('object_replicas').select((eb) => eb.fn.countAll<string>().as('n')).where('location_id', '=', 'primary').where('sha256', '<=', cursor).executeTakeFirstOrThrow();
    expect(mid.n).toBe(Number(upTo.n)); // every object up to the cursor has its event, none beyond
    let res = await p.fixity.sweep({ full: true, onlyLocation: 'primary' });
    for (let i = 0; i < 50 && res.skipped; i++) { // until PostgreSQL has noticed the killed session (its advisory lock goes with it)
      await new Promise((r) => setTimeout(r, 100));
      res = await p.fixity.sweep({ full: true, onlyLocation: 'primary' });
    }
    expect(res.locations[0]).toMatchObject({ checked: N - mid.n, cycleCompleted: true });
    expect(await checksPerObject('primary', since)).toEqual({ n: N, objects: N, max: 1 });
  });

  it('an object the inventory missed is found by the listing at the start of a cycle, and checked', async () => {
    const sha = (await raw.put(randomBytes(999))).sha256; // stored behind the inventory's back
    expect(await db.selectFrom('preservation_objects').select('sha256').where('sha256', '=', sha).executeTakeFirst()).toBeUndefined();
    const res = await p.fixity.sweep({ full: true, onlyLocation: 'primary' });
    expect(res.locations[0]).toMatchObject({ checked: N + 1, failed: 0, cycleCompleted: true });
    expect(await db.selectFrom('object_replicas').select('state').where('sha256', '=', sha).where('location_id', '=', 'primary').executeTakeFirst()).toEqual({ state: 'present' });
  });

  it('a location folder that is gone (medium detached) is unreachable: nothing marked missing, nothing written there', async () => {
    await insertLocation(db, { id: 'usb', name: 'USB disk', kind: 'local', medium: 'offline', zone: 'site-2', config: { path: join(dir, 'usb') } });
    // Copies made directly (same content-addressed layout) to keep the test fast; replication has its own tests.
    await cp(join(dir, 'primary'), join(dir, 'usb'), { recursive: true });
    await sql`insert into object_replicas(location_id, sha256, state, copied_at) select 'usb', sha256, 'present', now() from object_replicas where location_id = 'primary'`.execute(db);
    await rename(join(dir, 'usb'), join(dir, 'usb-away'));
    const res = await p.fixity.sweep({ full: true, onlyLocation: 'usb' });
    expect(res.locations[0]).toMatchObject({ checked: 0, failed: 0, repaired: 0, cycleCompleted: false, unreachable: expect.stringContaining('does not exist') });
    expect(await stat(join(dir, 'usb')).then(() => true, () => false)).toBe(false);
    expect(await db.selectFrom('object_replicas').select('state').where('location_id', '=', 'usb').where('state', '<>', 'present').execute()).toEqual([]);
    expect(await db.selectFrom('preservation_alerts').select('kind').where('location_id', '=', 'usb').execute()).toEqual([{ kind: 'location_unreachable' }]);
    await rename(join(dir, 'usb-away'), join(dir, 'usb'));
    const copies = (await db.selectFrom('object_replicas').select('sha256').where('location_id', '=', 'usb').execute()).length;
    expect((await p.fixity.sweep({ full: true, onlyLocation: 'usb' })).locations[0]).toMatchObject({ checked: copies, failed: 0, cycleCompleted: true });
  });
});
