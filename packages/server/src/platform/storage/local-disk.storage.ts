import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { adoptFile } from './local-disk.adopt.ts';
import { adoptFiles } from './local-disk.batch.ts';
import { putFilesEach, spoolToFile, verifyingStream, verifyVia } from './hashing.ts';
import { assertKey, shardPath, StorageError, type GetOptions, type ObjectStorage, type PutOptions, type PutResult } from './storage.ts';

export interface LocalDiskStorage extends ObjectStorage {
  readonly root: string;
  /** Absolute path of an object's file (the key is validated). */
  pathOf(sha256: string): string;
  /**
   * Removes leftovers of interrupted puts from `<root>/tmp/`. Call at start-up; while puts are
   * running, pass `olderThanMs` (larger than the slowest upload) so live temp files survive.
   * Resolves the number of files removed.
   */
  cleanupTemp(opts?: { olderThanMs?: number }): Promise<number>;
}

const HEX2 = /^[0-9a-f]{2}$/;
const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
const notFound = (key: string, cause?: unknown) =>
  new StorageError('storage_not_found', `No stored object ${key}`, { cause });

/** fsync a directory so that a link/rename/unlink in it survives a power cut. */
/** Batches of fewer files are adopted one by one (putFile). */
const BATCH_FROM = 32;

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (e) {
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes(errno(e) ?? '')) throw e; // fs without dir fsync
  } finally {
    await fh.close();
  }
}

/**
 * Content-addressed storage in a local directory: `<root>/ab/cd/<sha256>`, files read-only.
 * A put streams into `<root>/tmp/<uuid>.part` (hashing on the way), fsyncs it, and only after the
 * digest has been checked publishes it with an atomic `link` (falling back to `rename` where hard
 * links are not supported), then fsyncs the directory. A crash therefore leaves at most a temp file,
 * never a partial object under a real key. `putFile` hard-links the caller's fsynced, SHA-256-checked
 * file under its key instead (local-disk.adopt.ts): no second write, no temp file.
 */
export function createLocalDiskStorage(rootDir: string): LocalDiskStorage {
  const root = resolve(rootDir);
  const tmpDir = join(root, 'tmp');
  const pathOf = (key: string) => (assertKey(key), join(root, shardPath(key)));
  let ready: Promise<unknown> | undefined;
  const ensureTmp = () => (ready ??= mkdir(tmpDir, { recursive: true }).catch((e) => ((ready = undefined), Promise.reject(e))));

  /**
   * Publishes `tmp` as `final`; false when `final` already existed. Leaves `tmp` in place, except
   * that with `move` a filesystem without hard links gets a rename instead (a `putFile` passes
   * `move: false`: the caller's file must stay, so the link error reaches it).
   */
  async function publish(tmp: string, final: string, move = true): Promise<boolean> {
    const dir = dirname(final);
    const firstNew = await mkdir(dir, { recursive: true });
    try {
      await link(tmp, final); // fails with EEXIST, so exactly one concurrent put reports created
    } catch (e) {
      if (errno(e) === 'EEXIST') return false;
      if (!move || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(errno(e) ?? '')) throw e;
      if (await stat(final).then(() => true, () => false)) return false;
      await rename(tmp, final); // same bytes if two race here, so either winner is fine
    }
    await syncDir(dir);
    if (firstNew) for (let d = dirname(dir); d.length >= root.length; d = dirname(d)) await syncDir(d);
    return true;
  }

  async function get(key: string, opts: GetOptions = {}): Promise<Readable> {
    let fh;
    try {
      fh = await open(pathOf(key), 'r');
    } catch (e) {
      throw errno(e) === 'ENOENT' ? notFound(key, e) : e;
    }
    const raw = fh.createReadStream();
    if (!opts.verify) return raw;
    const checked = verifyingStream(key);
    pipeline(raw, checked, () => {}); // errors reach `checked`, which the caller reads
    return checked;
  }

  async function put(source: Readable | Buffer, opts: PutOptions = {}): Promise<PutResult> {
    await ensureTmp();
    const tmp = join(tmpDir, `${randomUUID()}.part`);
    const d = await spoolToFile(source, tmp, opts);
    try {
      return { ...d, created: await publish(tmp, pathOf(d.sha256)) };
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  const storage: LocalDiskStorage = {
    root,
    pathOf,
    put,
    putFile: (absPath, digests) => adoptFile({ pathOf, put, publishLink: (from, final) => publish(from, final, false) }, absPath, digests),
    // A handful of files is cheaper one by one than two syncs of the whole filesystem (local-disk.batch.ts).
    putFiles: (files) => (files.length < BATCH_FROM ? putFilesEach(storage, files) : adoptFiles({ root, pathOf, put, syncPath: syncDir }, files)),

    get,

    async head(key) {
      try {
        const st = await stat(pathOf(key));
        return st.isFile() ? { size: st.size } : null;
      } catch (e) {
        if (errno(e) === 'ENOENT') return null;
        throw e;
      }
    },

    async delete(key) {
      const file = pathOf(key);
      try {
        await unlink(file);
      } catch (e) {
        if (errno(e) === 'ENOENT') return false;
        throw e;
      }
      await syncDir(dirname(file));
      return true;
    },

    async *list() {
      const names = async (dir: string, ok: (n: string) => boolean, files: boolean) => {
        const entries = await readdir(dir, { withFileTypes: true }).catch((e) => (errno(e) === 'ENOENT' ? [] : Promise.reject(e)));
        return entries.filter((e) => (files ? e.isFile() : e.isDirectory()) && ok(e.name)).map((e) => e.name).sort();
      };
      for (const a of await names(root, (n) => HEX2.test(n), false)) {
        for (const b of await names(join(root, a), (n) => HEX2.test(n), false)) {
          const prefix = a + b;
          yield* await names(join(root, a, b), (n) => n.startsWith(prefix) && /^[0-9a-f]{64}$/.test(n), true);
        }
      }
    },

    verify(key) {
      return verifyVia(get, key);
    },

    async cleanupTemp({ olderThanMs = 0 } = {}) {
      const entries = await readdir(tmpDir).catch((e) => (errno(e) === 'ENOENT' ? [] : Promise.reject(e)));
      let removed = 0;
      for (const name of entries) {
        const file = join(tmpDir, name);
        const st = await stat(file).catch(() => null);
        if (!st?.isFile() || Date.now() - st.mtimeMs < olderThanMs) continue;
        if (await unlink(file).then(() => true, () => false)) removed++;
      }
      return removed;
    },
  };
  return storage;
}
