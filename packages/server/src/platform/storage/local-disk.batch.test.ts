import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalDiskStorage, type LocalDiskStorage } from './local-disk.storage.ts';
import { collect, killWhenPrinted, sha256Of, sm3Of } from './storage.contract-test.ts';

// putFiles on the local disk past the batch threshold: what the shared contract cannot see (hard links, the
// fallback without `sync -f`, a kill -9 between the two syncs). The contract itself runs in local-disk.storage.test.ts.

const digestsOf = (data: Buffer) => ({ sha256: sha256Of(data), sm3: sm3Of(data), size: data.length });

describe('local disk putFiles (a batch)', () => {
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
  const written = (count: number, size = 20_000) => Promise.all(Array.from({ length: count }, async (_, i) => {
    const data = randomBytes(size + i);
    const absPath = join(work, `f${i}.bin`);
    await writeFile(absPath, data);
    return { absPath, digests: digestsOf(data) };
  }));

  it('hard-links each file under its key, read-only, without copying it', async () => {
    const files = await written(50);
    const results = await storage.putFiles(files);
    expect(results.every((r) => r.created)).toBe(true);
    for (const f of files) {
      const [src, obj] = [await stat(f.absPath), await stat(storage.pathOf(f.digests.sha256))];
      expect(obj.ino).toBe(src.ino);
      expect(obj.mode & 0o777).toBe(0o444);
    }
  });

  it('without `sync -f` on the PATH, fsyncs file by file and directory by directory, with the same result', async () => {
    const files = await written(40);
    const path = process.env.PATH;
    process.env.PATH = join(work, 'no-tools-here');
    try {
      expect((await storage.putFiles(files)).every((r) => r.created)).toBe(true);
    } finally {
      process.env.PATH = path;
    }
    for (const f of files) expect((await storage.verify(f.digests.sha256)).ok).toBe(true);
  });

  it('after kill -9 in the middle of batches: every object verifies, the files are intact, the next attempt stores the rest', async () => {
    const files = await written(1200, 8_000);
    const list = join(work, 'files.json');
    await writeFile(list, JSON.stringify(files));
    const module = fileURLToPath(new URL('./local-disk.storage.ts', import.meta.url));
    const code = `
      import { readFileSync } from 'node:fs';
      import { createLocalDiskStorage } from ${JSON.stringify(module)};
      const s = createLocalDiskStorage(process.env.STORE_ROOT);
      const all = JSON.parse(readFileSync(process.env.FILES, 'utf8'));
      for (let i = 0; i < all.length; i += 100) {
        await s.putFiles(all.slice(i, i + 100));
        if (i === 200) process.stdout.write('adopting\\n');
      }
      process.stdout.write('all done\\n');`;
    const out = await killWhenPrinted(code, { STORE_ROOT: root, FILES: list }, 'adopting');
    expect(out).not.toContain('all done');
    const stored = await collect(storage.list());
    expect(stored.length).toBeGreaterThanOrEqual(300);
    expect(stored.length).toBeLessThan(files.length);
    for (const k of stored) expect((await storage.verify(k)).ok).toBe(true);
    for (const f of files.slice(0, 50)) expect(sha256Of(await readFile(f.absPath))).toBe(f.digests.sha256);
    const again = await storage.putFiles(files);
    expect(again.filter((r) => !r.created)).toHaveLength(stored.length);
    expect(await collect(storage.list())).toEqual(files.map((f) => f.digests.sha256).sort());
  });
});
