import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { fileDigestOptions, mismatch, putFileByStream, sha256OfHandle } from './hashing.ts';
import type { FileDigests, PutOptions, PutResult } from './storage.ts';

/** What `adoptFile` needs of the local-disk adapter. */
export interface AdoptDeps {
  pathOf(sha256: string): string;
  /** Links `from` to `final` (never moving `from`) and fsyncs the directory; false when `final` existed. */
  publishLink(from: string, final: string): Promise<boolean>;
  put(source: Readable, opts: PutOptions): Promise<PutResult>;
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
/** link(2) failures that mean "no hard link possible here" (another filesystem, no link support). */
const NO_LINK = ['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'];

/**
 * `putFile` on the local disk. The file is opened once: its size must be the declared one; if the
 * object already exists nothing more happens (`created: false`). Otherwise the file's data is fsynced
 * while its SHA-256 is read back (from the page cache, as it was just written) and compared with the
 * declared one; only then is it made read-only and hard-linked under its key, and the key's directory
 * fsynced. A crash before the link leaves no object; after it, an object whose bytes are on disk and
 * hash to its key. No temp file is made. Where a hard link is impossible (another filesystem), the
 * file is copied through `put` (temp file, all three digests checked, the usual `cleanupTemp`).
 * The declared SM3 is not recomputed (see the port's trust model).
 */
export async function adoptFile(deps: AdoptDeps, absPath: string, d: FileDigests): Promise<PutResult> {
  fileDigestOptions(d);
  const final = deps.pathOf(d.sha256);
  const result = (created: boolean): PutResult => ({ sha256: d.sha256, sm3: d.sm3, size: d.size, created });
  const fh = await open(absPath, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new TypeError(`putFile: not a regular file: ${absPath}`);
    if (st.size !== d.size) throw mismatch(`File ${absPath} has ${st.size} bytes, expected ${d.size}`);
    if (await stat(final).then(() => true, (e) => (errno(e) === 'ENOENT' ? false : Promise.reject(e)))) return result(false);
    const [, actual] = await Promise.all([fh.sync(), sha256OfHandle(fh, d.size)]);
    if (actual !== d.sha256) throw mismatch(`File ${absPath} has SHA-256 ${actual}, expected ${d.sha256}`);
    if ((await fh.stat()).size !== d.size) throw mismatch(`File ${absPath} changed size while it was adopted`);
    await fh.chmod(0o444); // it becomes the object: read-only like every object
  } finally {
    await fh.close();
  }
  try {
    return result(await deps.publishLink(absPath, final));
  } catch (e) {
    if (!NO_LINK.includes(errno(e) ?? '')) throw e;
    return putFileByStream(deps.put, absPath, d);
  }
}
