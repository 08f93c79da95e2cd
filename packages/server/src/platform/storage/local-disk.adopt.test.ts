import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalDiskStorage, type LocalDiskStorage } from './local-disk.storage.ts';
import { collect, killWhenPrinted, expectStorageError, sha256Of, sm3Of } from './storage.contract-test.ts';

// putFile on the local disk: what the shared contract cannot see (hard link, no temp file, the copy
// across filesystems, a kill -9 in the middle). The contract itself runs in local-disk.storage.test.ts.

const tempFilesIn = (root: string) => readdir(join(root, 'tmp')).catch(() => [] as string[]);
const digestsOf = (data: Buffer) => ({ sha256: sha256Of(data), sm3: sm3Of(data), size: data.length });

describe('local disk putFile', () => {
  let root: string;
  let work: string;
  let storage: LocalDiskStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lantai-disk-'));
    work = await mkdtemp(join(tmpdir(), 'lantai-work-'));
    storage = createLocalDiskStorage(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('hard-links the file under its key, read-only, with no temp file and no second copy', async () => {
    const data = randomBytes(100_000);
    const file = join(work, 'entry.pdf');
    await writeFile(file, data);
    const r = await storage.putFile(file, digestsOf(data));
    const [src, obj] = [await stat(file), await stat(storage.pathOf(r.sha256))];
    expect(obj.ino).toBe(src.ino);
    expect(obj.nlink).toBe(2);
    expect(obj.mode & 0o777).toBe(0o444);
    expect(await tempFilesIn(root)).toEqual([]);
    await rm(file);
    expect((await stat(storage.pathOf(r.sha256))).nlink).toBe(1);
    expect((await readFile(storage.pathOf(r.sha256))).equals(data)).toBe(true);
  });

  it('copies through a temp file (checking SM3 too) when the file is on another filesystem', async (ctx) => {
    const shm = await mkdtemp('/dev/shm/lantai-adopt-').catch(() => null);
    if (!shm || (await stat(shm)).dev === (await stat(root)).dev) return ctx.skip();
    try {
      const data = randomBytes(200_000);
      const file = join(shm, 'entry.bin');
      await writeFile(file, data);
      await expectStorageError(storage.putFile(file, { ...digestsOf(data), sm3: sm3Of('other') }), 'storage_digest_mismatch');
      const r = await storage.putFile(file, digestsOf(data));
      expect(r).toEqual({ ...digestsOf(data), created: true });
      expect((await stat(storage.pathOf(r.sha256))).ino).not.toBe((await stat(file)).ino);
      expect((await readFile(file)).equals(data)).toBe(true);
      expect(await storage.verify(r.sha256)).toMatchObject({ ok: true });
      expect(await tempFilesIn(root)).toEqual([]);
    } finally {
      await rm(shm, { recursive: true, force: true });
    }
  });

  it('after kill -9 in the middle of adopting many files: every object verifies, no temp file, the files are intact', async () => {
    const files = await Promise.all(Array.from({ length: 400 }, async (_, i) => {
      const data = randomBytes(32 * 1024 + i);
      const path = join(work, `f${i}.bin`);
      await writeFile(path, data);
      return { path, digests: digestsOf(data) };
    }));
    const list = join(work, 'files.json');
    await writeFile(list, JSON.stringify(files));
    const module = fileURLToPath(new URL('./local-disk.storage.ts', import.meta.url));
    const code = `
      import { readFileSync } from 'node:fs';
      import { createLocalDiskStorage } from ${JSON.stringify(module)};
      const s = createLocalDiskStorage(process.env.STORE_ROOT);
      let i = 0;
      for (const f of JSON.parse(readFileSync(process.env.FILES, 'utf8'))) {
        await s.putFile(f.path, f.digests);
        if (++i === 30) process.stdout.write('adopting\\n');
      }
      process.stdout.write('all done\\n');`;
    const out = await killWhenPrinted(code, { STORE_ROOT: root, FILES: list }, 'adopting');
    expect(out).not.toContain('all done');

    const stored = await collect(storage.list());
    expect(stored.length).toBeGreaterThanOrEqual(30);
    expect(stored.length).toBeLessThan(files.length);
    for (const k of stored) expect((await storage.verify(k)).ok).toBe(true);
    expect(await tempFilesIn(root)).toEqual([]);
    for (const f of files) expect(sha256Of(await readFile(f.path))).toBe(f.digests.sha256);
    // The next attempt adopts the rest and finds the others stored.
    const again = await Promise.all(files.map((f) => storage.putFile(f.path, f.digests)));
    expect(again.filter((r) => !r.created)).toHaveLength(stored.length);
    expect(await collect(storage.list())).toEqual(files.map((f) => f.digests.sha256).sort());
  });
});
