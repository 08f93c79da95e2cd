import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../platform/db/database.ts';
import { createLocalDiskStorage, type LocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';
import { createS3Storage, type S3Storage } from '../../platform/storage/s3.storage.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { trackObjects } from './inventory.ts';
import { insertLocation, updateLocation } from './locations.repository.ts';
import { createPreservationModule, type PreservationModule } from './preservation.module.ts';

// Real files on disk, a real (fake) S3 over HTTP (s3rver in a child process, as in platform/storage), real processes killed.
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const creds = { region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
const S3RVER = `
  const S3rver = require('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: Number(process.env.S3RVER_PORT || 0), silent: true, directory: process.env.S3RVER_DIR });
  server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'));
  process.stdin.on('end', () => { setTimeout(() => process.exit(0), 2000).unref(); server.close().finally(() => process.exit(0)); }).resume();`;

let s3rver: ChildProcessWithoutNullStreams | undefined;
let s3dir: string;
let port = 0;
async function startS3() {
  s3rver = spawn(process.execPath, ['-e', S3RVER], { cwd: here, env: { ...process.env, S3RVER_DIR: s3dir, S3RVER_PORT: String(port) } });
  s3rver.stderr.pipe(process.stderr);
  port = await new Promise<number>((res, rej) => {
    s3rver!.on('exit', (c) => rej(new Error(`s3rver exited ${c}`)));
    s3rver!.stdout.once('data', (d: Buffer) => res((JSON.parse(d.toString()) as { port: number }).port));
  });
}
async function stopS3() {
  if (!s3rver || s3rver.exitCode !== null) return;
  s3rver.removeAllListeners('exit');
  const gone = new Promise((r) => s3rver!.once('exit', r));
  s3rver.stdin.end();
  await gone;
}

let db: Db;
let dbUrl: string;
let dir: string;
let primary: LocalDiskStorage;
let vault: LocalDiskStorage;
let cloud: S3Storage;
let admin: S3Client;
let p: PreservationModule;
let storage: ReturnType<typeof trackObjects>;
const shas: string[] = [];

beforeAll(async () => {
  dbUrl = await createTestDatabase();
  db = createDb(dbUrl);
  dir = await mkdtemp(join(tmpdir(), 'lantai-pres-faults-'));
  s3dir = join(dir, 's3rver');
  await startS3();
  const endpoint = `http://127.0.0.1:${port}`;
  admin = new S3Client({ endpoint, region: creds.region, forcePathStyle: true, credentials: creds, requestChecksumCalculation: 'WHEN_REQUIRED' });
  await admin.send(new CreateBucketCommand({ Bucket: 'copies' }));
  primary = createLocalDiskStorage(join(dir, 'primary'));
  vault = createLocalDiskStorage(join(dir, 'vault'));
  cloud = createS3Storage({ ...creds, endpoint, bucket: 'copies', tmpDir: dir });
  storage = trackObjects(primary, db);
  p = createPreservationModule({ db, storage, tmpDir: dir, retryBaseMs: 10 });
  await insertLocation(db, { id: 'vault', name: 'Vault disk', kind: 'local', medium: 'offline', zone: 'site-2', config: { path: join(dir, 'vault') } });
  await insertLocation(db, { id: 'cloud', name: 'Cloud bucket', kind: 's3', medium: 'object', zone: 'site-3', config: { ...creds, endpoint, bucket: 'copies' } });
  for (let i = 0; i < 12; i++) shas.push((await storage.put(randomBytes(20_000 + i * 997))).sha256);
}, 60_000);
afterAll(async () => { admin?.destroy(); await stopS3(); await db?.destroy(); await rm(dir, { recursive: true, force: true }); });

const writable = async (f: string) => chmod(f, 0o644);
const flipDisk = async (f: string) => { const b = await readFile(f); b[b.length >> 1] = b[b.length >> 1]! ^ 0x04; await writable(f); await writeFile(f, b); };
const truncDisk = async (f: string) => { await writable(f); await truncate(f, 100); };
async function s3Damage(sha: string, how: 'flip' | 'truncate') {
  const Key = cloud.objectKeyOf(sha);
  const out = await admin.send(new GetObjectCommand({ Bucket: 'copies', Key }));
  let b = Buffer.from(await out.Body!.transformToByteArray());
  if (how === 'flip') b[7] = b[7]! ^ 0x80; else b = b.subarray(0, 50);
  await admin.send(new PutObjectCommand({ Bucket: 'copies', Key, Body: b, Metadata: out.Metadata }));
}
const allGood = async (sha: string) => (await primary.verify(sha)).ok && (await vault.verify(sha)).ok && (await cloud.verify(sha)).ok;

function child(env: Record<string, string>, wrap?: string): { proc: ChildProcess; out: Promise<string> } {
  const args = ['--import', tsx, join(here, 'test/fault-child.ts')];
  const proc = wrap ? spawn('sh', ['-c', `${wrap}; exec "${process.execPath}" ${args.map((a) => `"${a}"`).join(' ')}`], { env: { ...process.env, ...env } })
    : spawn(process.execPath, args, { env: { ...process.env, ...env } });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { proc, out: new Promise((r) => proc.on('exit', () => r(out))) };
}
async function killWhen(c: ReturnType<typeof child>, ready: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await ready().catch(() => false)) { c.proc.kill('SIGKILL'); await c.out; return true; }
    await new Promise((r) => setTimeout(r, 20));
  }
  c.proc.kill('SIGKILL');
  return false;
}
const partFiles = async (root: string) => (await readdir(join(root, 'tmp')).catch(() => [])).filter((n) => n.endsWith('.part'));

describe('fault injection: every location, real damage', () => {
  it('replicates to a disk folder and an S3 bucket, each copy verified there', async () => {
    const r = await p.replication.replicate();
    expect(r).toMatchObject({ copied: 24, retried: 0 });
    for (const s of shas) expect(await allGood(s)).toBe(true);
  });

  it('bit flips and truncations on each of the three locations are all detected and all repaired', async () => {
    const damage: [string, string, () => Promise<unknown>][] = [
      ['primary', 'flip', () => flipDisk(primary.pathOf(shas[0]!))], ['primary', 'truncate', () => truncDisk(primary.pathOf(shas[1]!))],
      ['vault', 'flip', () => flipDisk(vault.pathOf(shas[2]!))], ['vault', 'truncate', () => truncDisk(vault.pathOf(shas[3]!))],
      ['cloud', 'flip', () => s3Damage(shas[4]!, 'flip')], ['cloud', 'truncate', () => s3Damage(shas[5]!, 'truncate')],
      ['vault', 'delete', () => rm(vault.pathOf(shas[6]!))], ['cloud', 'delete', () => cloud.delete(shas[7]!)],
    ];
    for (const [, , f] of damage) await f();
    const res = await p.fixity.sweep({ full: true });
    const failed = Object.fromEntries(res.locations.map((l) => [l.id, l.failed]));
    const repaired = Object.fromEntries(res.locations.map((l) => [l.id, l.repaired]));
    expect(failed).toEqual({ primary: 2, vault: 3, cloud: 3 });
    expect(repaired).toEqual(failed);
    for (const s of shas) expect(await allGood(s)).toBe(true);
    const rows = await db.selectFrom('object_replicas').select('state').execute();
    expect(rows.every((x) => x.state === 'present')).toBe(true);
    expect(await db.selectFrom('preservation_incidents').selectAll().execute()).toEqual([]);
  });

  it('S3 offline during replication: retried with backoff, never marked done; copied once it is back', async () => {
    await stopS3();
    const sha = (await storage.put(randomBytes(5000))).sha256;
    const r1 = await p.replication.replicate({ all: true });
    expect(r1).toMatchObject({ copied: 1, retried: 1 }); // vault done, cloud not
    const row = await db.selectFrom('object_replicas').selectAll().where('location_id', '=', 'cloud').where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/storage_unavailable|ECONNREFUSED|failed/);
    expect(row.next_attempt_at!.getTime()).toBeGreaterThan(Date.now() - 1000);
    await p.replication.replicate({ all: true });
    expect((await db.selectFrom('object_replicas').select(['state', 'attempts']).where('location_id', '=', 'cloud').where('sha256', '=', sha).executeTakeFirstOrThrow())).toEqual({ state: 'pending', attempts: 2 });
    await startS3();
    expect((await p.replication.replicate({ all: true })).copied).toBe(1);
    expect((await cloud.verify(sha)).ok).toBe(true);
    // a location marked offline by the archivist is skipped the same way
    await updateLocation(db, 'vault', { state: 'offline' });
    const sha2 = (await storage.put(randomBytes(3000))).sha256;
    await p.replication.replicate({ all: true });
    expect((await db.selectFrom('object_replicas').select('state').where('location_id', '=', 'vault').where('sha256', '=', sha2).executeTakeFirstOrThrow()).state).toBe('pending');
    await updateLocation(db, 'vault', { state: 'online' });
    await p.replication.replicate({ all: true });
    expect(await allGood(sha2)).toBe(true);
  }, 60_000);

  it('SIGKILL during replication never counts the half-written copy; the next run completes it', async () => {
    await updateLocation(db, 'cloud', { state: 'offline' }); // only the disk copy is in flight
    const big = (await storage.put(randomBytes(96 * 1024 * 1024))).sha256;
    const c = child({ DATABASE_URL: dbUrl, PRIMARY_DIR: join(dir, 'primary'), MODE: 'replicate' });
    const killed = await killWhen(c, async () => {
      const parts = await partFiles(join(dir, 'vault'));
      return parts.length > 0 && (await stat(join(dir, 'vault', 'tmp', parts[0]!))).size > 1024 * 1024;
    });
    expect(killed).toBe(true);
    expect(await vault.head(big)).toBeNull(); // only a temp file, never a partial object under its key
    expect((await db.selectFrom('object_replicas').select('state').where('location_id', '=', 'vault').where('sha256', '=', big).executeTakeFirstOrThrow()).state).toBe('pending');
    await updateLocation(db, 'cloud', { state: 'online' });
    await p.replication.replicate({ all: true });
    expect(await allGood(big)).toBe(true);
    shas.push(big);
  }, 120_000);

  it('SIGKILL during repair leaves the copy counted as damaged; the next sweep repairs it', async () => {
    const big = shas[shas.length - 1]!;
    await flipDisk(vault.pathOf(big));
    await db.updateTable('object_replicas').set({ state: 'corrupt' }).where('location_id', '=', 'vault').where('sha256', '=', big).execute();
    const c = child({ DATABASE_URL: dbUrl, PRIMARY_DIR: join(dir, 'primary'), MODE: 'repair', SHA: big });
    const killed = await killWhen(c, async () => {
      const parts = await partFiles(join(dir, 'vault'));
      return parts.length > 0 && (await stat(join(dir, 'vault', 'tmp', parts[0]!))).size > 1024 * 1024;
    });
    expect(killed).toBe(true);
    expect((await vault.verify(big)).ok).toBe(false);
    expect((await db.selectFrom('object_replicas').select('state').where('location_id', '=', 'vault').where('sha256', '=', big).executeTakeFirstOrThrow()).state).not.toBe('present');
    const res = await p.fixity.sweep({ full: true, onlyLocation: 'vault' });
    expect(res.locations[0]!.repaired).toBe(1);
    expect(await allGood(big)).toBe(true);
  }, 120_000);

  it('a destination that runs out of space (file-size limit, EFBIG) fails clearly: nothing counted, nothing lost, no temp left', async () => {
    const sha = (await storage.put(randomBytes(4 * 1024 * 1024))).sha256;
    await updateLocation(db, 'cloud', { state: 'offline' });
    const partsBefore = await partFiles(join(dir, 'vault')); // left by the SIGKILL tests above
    const c = child({ DATABASE_URL: dbUrl, PRIMARY_DIR: join(dir, 'primary'), MODE: 'replicate' }, 'ulimit -f 1024');
    const out = await c.out;
    expect(out).toMatch(/"copied":0,"retried":2/); // the vault (write fails) and the cloud (offline)
    const row = await db.selectFrom('object_replicas').selectAll().where('location_id', '=', 'vault').where('sha256', '=', sha).executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
    expect(row.last_error).toMatch(/EFBIG/);
    expect(await vault.head(sha)).toBeNull();
    expect(await partFiles(join(dir, 'vault'))).toEqual(partsBefore); // the failed put removed its own temp file
    expect((await primary.verify(sha)).ok).toBe(true);
    await updateLocation(db, 'cloud', { state: 'online' });
  }, 60_000);
});
