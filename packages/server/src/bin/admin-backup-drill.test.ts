import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../test/app.ts';
import { archivedRecord } from '../modules/aip/aip.test-kit.ts';
import { extractTar } from '../modules/aip/bag.extract.ts';
import { validateBagDir } from '../modules/aip/bag.validate.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { trackObjects } from '../modules/preservation/inventory.ts';
import { insertLocation } from '../modules/preservation/locations.repository.ts';
import { createPreservationModule } from '../modules/preservation/preservation.module.ts';
import { createDb, type Db } from '../platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../platform/db/embedded-postgres.ts';
import { createLocalDiskStorage } from '../platform/storage/local-disk.storage.ts';
import { listFiles } from './admin-backup-bag.ts';

// The restore drill of issue #6: an archive with records, files, AIPs, replicas at two more locations and its
// audit chain is backed up (one primary copy damaged), then restored on "a new machine": an empty data folder in
// which lantai-admin starts its own embedded PostgreSQL. Every row, every object digest and the audit chain must
// come back with zero differences, and the copies the dump claims at other locations must be verified again.
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
let tmp: string;
let dataA: string;
let pgB: EmbeddedServer | undefined;
let dbB: Db | undefined;

function admin(env: Record<string, string>, args: string[], limitBlocks?: number): Promise<{ code: number | null; out: string }> {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const argv = [process.execPath, '--import', tsxLoader, 'src/bin/admin.ts', ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const p = spawn('sh', ['-c', `${limitBlocks ? `ulimit -f ${limitBlocks}; ` : ''}exec ${argv}`], { cwd: serverDir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as net.AddressInfo; s.close(() => resolve(port)); });
});

/** Every row of every public table as sorted JSON text, leaving out what a restore rightly changes (checked apart). */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { t: name } of tables.rows) {
    if (['object_replicas', 'storage_locations', 'preservation_alerts'].includes(name)) continue;
    const skip = name === 'preservation_events' ? sql`where event_type not in ('backup', 'recovery')` : sql``;
    out[name] = (await sql<{ j: string }>`select to_jsonb(x)::text as j from ${sql.table(name)} x ${skip}`.execute(db)).rows.map((r) => r.j).sort();
  }
  return out;
}

const flip = async (file: string) => {
  await fs.chmod(file, 0o644);
  const b = await fs.readFile(file);
  b[b.length >> 1] = b[b.length >> 1]! ^ 0x10;
  await fs.writeFile(file, b);
};

let h: Record<string, string>;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-drill-'));
  await fs.chmod(tmp, 0o755); // the embedded PostgreSQL runs as its own user when we are root
  dataA = path.join(tmp, 'data-a');
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataA } });
  h = (await signedIn(t, ['archivist'], { clearance: 'juemi' })).headers;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await dbB?.destroy();
  await pgB?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('restore drill (issue #6): backup → a fresh instance → zero differences', { timeout: 300_000 }, () => {
  let backupDir: string;
  let damaged: string;

  it('backs up records, files, AIPs and replicas; a damaged primary copy is taken from a verified replica', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await archivedRecord(t.app, h, [[`正文${i}.txt`, randomBytes(30_000 + i)], [`附件${i}.bin`, randomBytes(12_000 + i)]], { title: `演练档案 ${i}` });
      ids.push(r.id);
      expect((await t.c.aip.aips.build(r.id, 'drill')).built).toBe(true);
    }
    await insertLocation(t.c.db, { id: 'vault', name: '异地磁盘', kind: 'local', medium: 'disk', zone: 'site-2', config: { path: path.join(tmp, 'vault') } });
    await insertLocation(t.c.db, { id: 'tape', name: '离线介质', kind: 'local', medium: 'offline', zone: 'site-3', config: { path: path.join(tmp, 'tape') } });
    await t.c.preservation.replication.replicate({ all: true });
    const present = await t.c.db.selectFrom('object_replicas').select(['location_id']).where('state', '=', 'present').execute();
    const objects = Number((await t.c.db.selectFrom('preservation_objects').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(objects).toBeGreaterThanOrEqual(9); // 6 files + 3 AIP tars
    expect(present.length).toBe(objects * 3);

    const file = await t.c.db.selectFrom('record_files').select('sha256').where('record_id', '=', ids[0]!).orderBy('filename').executeTakeFirstOrThrow();
    damaged = file.sha256;
    await flip(createLocalDiskStorage(path.join(dataA, 'objects')).pathOf(damaged));

    const r = await admin({ LANTAI_DATA_DIR: dataA, DATABASE_URL: t.databaseUrl }, ['backup', '--to', path.join(tmp, 'offsite')]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('backed up from the verified copy at vault');
    expect(r.out).toContain('1 object(s) had an unusable primary copy');
    backupDir = path.join(tmp, 'offsite', (await fs.readdir(path.join(tmp, 'offsite')))[0]!);
    const info = JSON.parse(await fs.readFile(path.join(backupDir, 'backup-info.json'), 'utf8'));
    expect(info.objects).toMatchObject({ count: objects, fromReplicas: 1 });
    expect(info.counts).toMatchObject({ records: 3, record_files: 6, aips: 3 });
    expect(info.locations.map((l: { id: string; presentCopies: number }) => [l.id, l.presentCopies])).toEqual([['primary', objects], ['tape', objects], ['vault', objects]]);
  });

  it('restores into an empty data folder with its own new embedded PostgreSQL: every row, object digest and the audit chain match', async () => {
    await fs.rm(path.join(tmp, 'tape'), { recursive: true }); // the offline medium is not attached on the new machine
    const dataB = path.join(tmp, 'data-b');
    const port = await freePort();
    const r = await admin({ LANTAI_DATA_DIR: dataB, LANTAI_PG_PORT: String(port) }, ['restore', '--from', backupDir]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('starting the embedded PostgreSQL');
    expect(r.out).toContain('restore complete');
    pgB = await startEmbeddedPostgres(path.join(dataB, 'pg'), port);
    dbB = createDb(pgB.url(), 3);

    expect(await snapshot(dbB)).toEqual(await snapshot(t.c.db));
    const [va, vb] = [await verifyAuditChain(t.c.db), await verifyAuditChain(dbB)];
    expect(va.ok).toBe(true);
    expect(vb).toMatchObject({ ok: true, checked: va.checked, headSeq: va.headSeq, headHash: va.headHash });

    // Every file and AIP digest: the restored object verifies, the damaged primary copy came back whole.
    const storeB = createLocalDiskStorage(path.join(dataB, 'objects'));
    const shas = [...(await dbB.selectFrom('record_files').select('sha256').execute()), ...(await dbB.selectFrom('aips').select('sha256').execute())].map((x) => x.sha256);
    expect(shas.length).toBe(9);
    for (const s of shas) expect((await storeB.verify(s)).ok, s).toBe(true);
    expect((await createLocalDiskStorage(path.join(dataA, 'objects')).verify(damaged)).ok).toBe(false);
    const onDisk = (await listFiles(path.join(dataB, 'objects'), '.')).filter((f) => /[0-9a-f]{64}$/.test(f)).map((f) => path.basename(f)).sort();
    const inventory = (await dbB.selectFrom('preservation_objects').select('sha256').orderBy('sha256').execute()).map((x) => x.sha256);
    expect(onDisk).toEqual(inventory);
    // An AIP read back from the restored store is a valid bag.
    const aip = await dbB.selectFrom('aips').select('sha256').executeTakeFirstOrThrow();
    const bag = await extractTar(await storeB.get(aip.sha256, { verify: true }), path.join(tmp, 'aip-b'));
    expect((await validateBagDir(bag)).errors).toEqual([]);

    // Copies elsewhere: primary present; vault and tape copies must be verified again; tape (folder absent here) is offline with an alert.
    const states = await dbB.selectFrom('object_replicas').select(['location_id', 'state']).execute();
    expect(states.filter((s) => s.location_id === 'primary').every((s) => s.state === 'present')).toBe(true);
    expect(states.filter((s) => s.location_id !== 'primary').every((s) => s.state === 'pending')).toBe(true);
    expect(r.out).toContain(`${inventory.length * 2} copies at other locations are marked to be verified again`);
    const locs = await dbB.selectFrom('storage_locations').select(['id', 'state']).orderBy('id').execute();
    expect(locs).toEqual([{ id: 'primary', state: 'online' }, { id: 'tape', state: 'offline' }, { id: 'vault', state: 'online' }]);
    expect(await dbB.selectFrom('preservation_alerts').select(['kind', 'location_id']).execute()).toEqual([{ kind: 'location_unreachable', location_id: 'tape' }]);

    // Replication on the new machine re-verifies the vault copies (read back and hashed there) and leaves tape pending.
    const p = createPreservationModule({ db: dbB, storage: trackObjects(storeB, dbB), tmpDir: path.join(dataB, 'tmp') });
    const rep = await p.replication.replicate({ all: true });
    expect(rep).toMatchObject({ copied: inventory.length, retried: inventory.length });
    const after = await dbB.selectFrom('object_replicas').select(['location_id', 'state']).where('location_id', '<>', 'primary').execute();
    expect(after.filter((s) => s.location_id === 'vault').every((s) => s.state === 'present')).toBe(true);
    expect(after.filter((s) => s.location_id === 'tape').every((s) => s.state === 'pending')).toBe(true);
  });

  it('a backup target that runs out of space fails clearly, leaves no backup folder, and changes nothing in the archive', async () => {
    await archivedRecord(t.app, h, [['大文件.bin', randomBytes(5 * 1024 * 1024)]]);
    const to = path.join(tmp, 'small-disk');
    // ulimit -f: a file-size limit below the 5 MiB object (2–4 MiB depending on the shell's block unit), like a full disk.
    const r = await admin({ LANTAI_DATA_DIR: dataA, DATABASE_URL: t.databaseUrl }, ['backup', '--to', to], 4096);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('the backup target is full (EFBIG)');
    expect(r.out).not.toContain('    at '); // an operator message, not a stack trace
    expect(await fs.readdir(to)).toEqual([]);
    expect(await t.c.db.selectFrom('preservation_events').select('id').where('event_type', '=', 'backup').execute()).toHaveLength(1);
  });
});
