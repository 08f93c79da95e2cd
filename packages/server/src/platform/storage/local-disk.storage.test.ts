import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalDiskStorage, type LocalDiskStorage } from './local-disk.storage.ts';
import { collect, failingSource, runStorageContract, sha256Of, slowSource } from './storage.contract-test.ts';

const tempFilesIn = (root: string) => readdir(join(root, 'tmp')).catch(() => [] as string[]);

async function flipBit(file: string): Promise<void> {
  await chmod(file, 0o644);
  const bytes = await readFile(file);
  bytes[bytes.length >> 1]! ^= 0x10;
  await writeFile(file, bytes);
}

runStorageContract('local disk', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lantai-disk-'));
  const storage = createLocalDiskStorage(root);
  return {
    storage,
    adoptTrustsSm3: true,
    corrupt: (sha256) => flipBit(storage.pathOf(sha256)),
    tempFiles: () => tempFilesIn(root),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('local disk storage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lantai-disk-'));
    storage = createLocalDiskStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('lays objects out as <root>/ab/cd/<sha256>, read-only', async () => {
    const { sha256 } = await storage.put(Buffer.from('layout'));
    const file = join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    expect(storage.pathOf(sha256)).toBe(file);
    expect((await readFile(file)).toString()).toBe('layout');
    expect((await stat(file)).mode & 0o777).toBe(0o444);
  });

  it('reports created:true to exactly one of many concurrent puts of the same bytes', async () => {
    const data = randomBytes(256 * 1024);
    const results = await Promise.all(Array.from({ length: 10 }, () => storage.put(slowSource(data, 8192))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('leaves no object and no temp file when the source fails halfway; earlier objects stay', async () => {
    const kept = await storage.put(Buffer.from('kept'));
    await expect(storage.put(failingSource(3 * 1024 * 1024))).rejects.toThrow('source broke');
    expect(await collect(storage.list())).toEqual([kept.sha256]);
    expect(await tempFilesIn(root)).toEqual([]);
  });

  it('after a real crash (SIGKILL mid-write) hides the partial temp file; cleanupTemp removes it', async () => {
    const kept = await storage.put(Buffer.from('kept'));
    const module = fileURLToPath(new URL('./local-disk.storage.ts', import.meta.url));
    const code = `
      import { Readable } from 'node:stream';
      import { createLocalDiskStorage } from ${JSON.stringify(module)};
      const endless = Readable.from((async function* () {
        for (let i = 0; ; i++) {
          if (i === 20) process.stdout.write('writing\\n');
          yield Buffer.alloc(64 * 1024, i);
          await new Promise((r) => setTimeout(r, 2));
        }
      })());
      await createLocalDiskStorage(process.env.STORE_ROOT).put(endless);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      env: { ...process.env, STORE_ROOT: root },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject).on('exit', (c) => reject(new Error(`child exited early (${c})`)));
      child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve());
    });
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.on('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const leftovers = await tempFilesIn(root);
    expect(leftovers).toHaveLength(1);
    expect((await stat(join(root, 'tmp', leftovers[0]!))).size).toBeGreaterThan(0);
    expect(await collect(storage.list())).toEqual([kept.sha256]);
    expect(await storage.cleanupTemp({ olderThanMs: 60_000 })).toBe(0); // could be a live upload
    expect(await storage.cleanupTemp()).toBe(1);
    expect(await tempFilesIn(root)).toEqual([]);
    expect(await storage.verify(kept.sha256)).toMatchObject({ ok: true });
  });

  it('cleanupTemp keeps temp files younger than olderThanMs', async () => {
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'tmp', 'old.part'), 'x');
    await writeFile(join(root, 'tmp', 'new.part'), 'y');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(root, 'tmp', 'old.part'), hourAgo, hourAgo);
    expect(await storage.cleanupTemp({ olderThanMs: 600_000 })).toBe(1);
    expect(await tempFilesIn(root)).toEqual(['new.part']);
  });

  it('list() ignores anything that is not a well-placed object file', async () => {
    const { sha256 } = await storage.put(Buffer.from('real'));
    const other = sha256Of('other');
    await mkdir(join(root, 'zz', '00'), { recursive: true });
    await mkdir(join(root, 'ab', 'cd', `abcd${'0'.repeat(60)}`), { recursive: true }); // a directory, not a file
    await mkdir(join(root, other.slice(0, 2), 'ff'), { recursive: true });
    await writeFile(join(root, other.slice(0, 2), 'ff', other), 'misplaced');
    await writeFile(join(root, 'zz', '00', other), 'junk');
    await writeFile(join(root, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.bak`), 'junk');
    await mkdir(join(root, 'tmp'), { recursive: true });
    await writeFile(join(root, 'tmp', `${other}`), 'temp');
    expect(await collect(storage.list())).toEqual([sha256]);
  });
});
