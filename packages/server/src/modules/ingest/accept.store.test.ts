import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb } from '../../platform/db/database.ts';
import { createLocalDiskStorage, type LocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';
import type { ObjectStorage } from '../../platform/storage/storage.ts';
import { trackObjects } from '../preservation/inventory.ts';
import type { PackageFile } from './checks/check.types.ts';
import { storePackageFiles } from './accept.store.ts';

const storePackageFile = async (storage: ObjectStorage, dataDir: string, f: PackageFile) => (await storePackageFiles(storage, dataDir, [f], () => undefined))[0]!;
import { ingestDir, runWorkDir } from './ingest.paths.ts';

let dataDir: string;
let storage: LocalDiskStorage;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-accept-store-'));
  storage = createLocalDiskStorage(path.join(dataDir, 'objects'));
});
afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

async function fileAt(abs: string, data: Buffer): Promise<PackageFile> {
  await fs.mkdir(path.dirname(abs), { recursive: true });
  await fs.writeFile(abs, data);
  const h = (a: string) => createHash(a).update(data).digest('hex');
  return { path: path.basename(abs), absPath: abs, size: data.length, digests: { md5: h('md5'), sha256: h('sha256'), sm3: h('sm3') } };
}

it('adopts a file of the ingest work area (the object is the same inode) and streams a folder read in place', async () => {
  const ours = await fileAt(path.join(runWorkDir(dataDir, 'r1'), 'pkg', 'a.pdf'), randomBytes(40_000));
  const r = await storePackageFile(storage, dataDir, ours);
  expect(r).toMatchObject({ sha256: ours.digests.sha256, sm3: ours.digests.sm3, created: true });
  expect((await fs.stat(storage.pathOf(r.sha256))).ino).toBe((await fs.stat(ours.absPath)).ino);

  // A folder package outside <dataDir>/ingest (its owner may still change it): copied, verified, the file untouched.
  const theirs = await fileAt(path.join(dataDir, 'incoming', 'b.pdf'), randomBytes(40_000));
  const mode = (await fs.stat(theirs.absPath)).mode;
  const s = await storePackageFile(storage, dataDir, theirs);
  expect(s).toMatchObject({ sha256: theirs.digests.sha256, created: true });
  expect((await fs.stat(storage.pathOf(s.sha256))).ino).not.toBe((await fs.stat(theirs.absPath)).ino);
  expect((await fs.stat(theirs.absPath)).mode).toBe(mode);
  // A path that only looks inside (…/ingest-other) is not ours either.
  const lookalike = await fileAt(`${ingestDir(dataDir)}-other/c.pdf`, randomBytes(1000));
  const l = await storePackageFile(storage, dataDir, lookalike);
  expect((await fs.stat(storage.pathOf(l.sha256))).ino).not.toBe((await fs.stat(lookalike.absPath)).ino);
});

it('refuses a work file changed since extraction hashed it, and stores nothing', async () => {
  const f = await fileAt(path.join(runWorkDir(dataDir, 'r2'), 'pkg', 'x.txt'), Buffer.from('as extracted'));
  await fs.writeFile(f.absPath, 'as altered!!');
  await expect(storePackageFile(storage, dataDir, f)).rejects.toMatchObject({ code: 'storage_digest_mismatch' });
  expect(await storage.head(f.digests.sha256!)).toBeNull();
});

it('through the app\'s tracked store (as accept runs), an adopted file enters the preservation inventory', async () => {
  const db = createDb(await createTestDatabase());
  try {
    const f = await fileAt(path.join(runWorkDir(dataDir, 'r3'), 'pkg', 'y.bin'), randomBytes(5000));
    const r = await storePackageFile(trackObjects(storage, db), dataDir, f);
    expect(r.created).toBe(true);
    expect(await db.selectFrom('preservation_objects').select(['sha256', 'size']).execute()).toEqual([{ sha256: r.sha256, size: 5000 }]);
  } finally {
    await db.destroy();
  }
}, 60_000);

it("stores a package's files in batches, in order: ours adopted (linked), a folder's streamed; every result reported once", async () => {
  const files: PackageFile[] = [];
  for (let i = 0; i < 1100; i++) files.push(await fileAt(path.join(runWorkDir(dataDir, 'r4'), 'pkg', `f${i}.bin`), randomBytes(300 + i)));
  files.splice(700, 0, await fileAt(path.join(dataDir, 'incoming', 'outside.bin'), randomBytes(999)));
  files.push(files[5]!); // a file two records share
  const heard: string[] = [];
  const rs = await storePackageFiles(storage, dataDir, files, (batch) => void heard.push(...batch.map((r) => r.sha256)));
  expect(rs.map((r) => r.sha256)).toEqual(files.map((f) => f.digests.sha256));
  expect(heard.sort()).toEqual(files.map((f) => f.digests.sha256!).sort());
  expect(rs.filter((r) => r.created)).toHaveLength(1101);
  expect((await fs.stat(storage.pathOf(files[1000]!.digests.sha256!))).ino).toBe((await fs.stat(files[1000]!.absPath)).ino);
  expect((await fs.stat(storage.pathOf(files[700]!.digests.sha256!))).ino).not.toBe((await fs.stat(files[700]!.absPath)).ino);
});
