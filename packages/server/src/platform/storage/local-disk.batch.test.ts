import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { batchThreadsForTest } from './local-disk.batch.threads.ts';
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

  it('a thread that dies while linking fails the batch, and no object of it is left', async () => {
    const files = await written(3000, 1_000);
    let failed = 0;
    // The kill has to land while the other thread still links: where it came too late (the batch went through),
    // the objects are removed and it is tried again.
    for (let attempt = 0; attempt < 4 && !failed; attempt++) {
      const run = storage.putFiles(files).catch((e: unknown) => e);
      const firstKey = storage.pathOf(files[0]!.digests.sha256);
      while (!existsSync(firstKey)) await new Promise((r) => setImmediate(r)); // linking has begun
      await batchThreadsForTest()[1]!.terminate();
      const result = await run;
      if (result instanceof Error) {
        failed++;
        expect(result.message).toMatch(/storage batch thread failed/);
        expect(await collect(storage.list())).toEqual([]);
      } else for (const f of files) await storage.delete(f.digests.sha256);
    }
    expect(failed).toBe(1);
    expect((await storage.putFiles(files)).every((r) => r.created)).toBe(true);
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
