import { execFile } from 'node:child_process';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { fileDigestOptions, mismatch, putFileByStream, sha256OfHandle } from './hashing.ts';
import type { AdoptFile, PutOptions, PutResult } from './storage.ts';

const run = promisify(execFile);
const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
const NO_LINK = ['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'];
const IN_FLIGHT = 8;

export interface BatchDeps {
  root: string;
  pathOf(sha256: string): string;
  put(source: Readable, opts: PutOptions): Promise<PutResult>;
  /** fsync of one file or directory (the fallback where the filesystem cannot be synced whole). */
  syncPath(path: string): Promise<void>;
}

/**
 * `putFiles` on the local disk. Per file as `putFile` (local-disk.adopt.ts) checks it — a regular file of the
 * declared size whose bytes read back to the declared SHA-256, made read-only — but the durability is the batch's:
 *   1. every file is checked (nothing is linked if one is refused);
 *   2. one sync of the filesystem (`sync -f`, syncfs(2)) puts all their data on disk;
 *   3. each is hard-linked under its key (a copy through `put` where links are impossible);
 *   4. one more sync makes the links and new directories durable.
 * A crash before 2 leaves no object; between 2 and 4 an object that exists has its bytes on disk already. Per file,
 * `putFile` costs an fsync of the data, of the key's directory and of each new parent (three or four journal commits
 * a file in a young store); here the batch costs two. The catch: syncfs flushes whatever else is dirty on that
 * filesystem too, so it pays for batches, not for a handful of files (those go file by file). Without `sync -f`
 * (not Linux) each file and directory is fsynced instead. On a failure the objects this call linked are removed.
 */
export async function adoptFiles(d: BatchDeps, files: readonly AdoptFile[]): Promise<PutResult[]> {
  for (const f of files) fileDigestOptions(f.digests);
  const out: PutResult[] = new Array(files.length);
  const pending: number[] = [];
  const seen = new Set<string>();
  await each(files.map((_, i) => i), async (i) => {
    const { absPath, digests: g } = files[i]!;
    const result = (created: boolean): PutResult => ({ sha256: g.sha256, sm3: g.sm3, size: g.size, created });
    if (seen.has(g.sha256) || (await exists(d.pathOf(g.sha256)))) {
      await sizeOf(absPath, g.size); // refused like putFile's: the file must be what it says, even when not needed
      out[i] = result(false);
      return;
    }
    seen.add(g.sha256);
    const fh = await open(absPath, 'r');
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new TypeError(`putFiles: not a regular file: ${absPath}`);
      if (st.size !== g.size) throw mismatch(`File ${absPath} has ${st.size} bytes, expected ${g.size}`);
      const actual = await sha256OfHandle(fh, g.size);
      if (actual !== g.sha256) throw mismatch(`File ${absPath} has SHA-256 ${actual}, expected ${g.sha256}`);
      if ((await fh.stat()).size !== g.size) throw mismatch(`File ${absPath} changed size while it was adopted`);
      await fh.chmod(0o444);
    } finally {
      await fh.close();
    }
    out[i] = result(true);
    pending.push(i);
  });
  await mkdir(d.root, { recursive: true }); // a young store: `sync -f` needs a path that exists
  const whole = await syncFilesystem(d.root);
  if (!whole) await each(pending, (i) => d.syncPath(files[i]!.absPath));
  const created: string[] = [];
  const dirs = new Set<string>();
  try {
    await each(pending, async (i) => {
      const { absPath, digests: g } = files[i]!;
      const final = d.pathOf(g.sha256);
      const firstNew = await mkdir(dirname(final), { recursive: true });
      for (let x = dirname(final); firstNew && x.length >= d.root.length; x = dirname(x)) dirs.add(x);
      dirs.add(dirname(final));
      try {
        await link(absPath, final);
        created.push(final);
      } catch (e) {
        if (errno(e) === 'EEXIST') out[i] = { ...out[i]!, created: false };
        else if (NO_LINK.includes(errno(e) ?? '')) out[i] = await putFileByStream(d.put, absPath, g);
        else throw e;
      }
    });
    if (!whole || !(await syncFilesystem(d.root))) await each([...dirs], (x) => d.syncPath(x));
  } catch (e) {
    await Promise.all(created.map((f) => unlink(f).catch(() => undefined)));
    throw e;
  }
  return out;
}

/** syncfs(2) on the filesystem holding `path` through coreutils `sync -f`; false where that is not available. */
async function syncFilesystem(path: string): Promise<boolean> {
  try {
    await run('sync', ['-f', path], { timeout: 600_000 });
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT' || /unrecognized option|invalid option/i.test(String((e as { stderr?: string }).stderr))) return false;
    throw e;
  }
}

const exists = (p: string) => stat(p).then(() => true, (e) => (errno(e) === 'ENOENT' ? false : Promise.reject(e)));

async function sizeOf(absPath: string, size: number) {
  const st = await stat(absPath);
  if (!st.isFile()) throw new TypeError(`putFiles: not a regular file: ${absPath}`);
  if (st.size !== size) throw mismatch(`File ${absPath} has ${st.size} bytes, expected ${size}`);
}

/** fn over the items, IN_FLIGHT at a time; after a failure no new one starts, and it rejects once the running ones end. */
async function each<T>(items: readonly T[], fn: (item: T) => Promise<void>) {
  let next = 0;
  let failed: { e: unknown } | undefined;
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, items.length) }, async () => {
    while (next < items.length && !failed) await fn(items[next++]!).catch((e: unknown) => { failed ??= { e }; });
  }));
  if (failed) throw failed.e;
}
