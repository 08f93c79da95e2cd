import { createHash } from 'node:crypto';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { assertKey, StorageError, type AdoptFile, type FileDigests, type ObjectStorage, type PutOptions, type PutResult, type VerifyResult } from './storage.ts';

/** Streaming helpers shared by the adapters: one read, two digests, nothing held in memory. */

export interface Digests {
  sha256: string;
  sm3: string;
  size: number;
}

/** Both digests of a stream of bytes, updated chunk by chunk. */
export class DualHasher {
  readonly #sha256 = createHash('sha256');
  readonly #sm3 = createHash('sm3');
  size = 0;
  update(chunk: Buffer): void {
    this.#sha256.update(chunk);
    this.#sm3.update(chunk);
    this.size += chunk.length;
  }
  digest(): Digests {
    return { sha256: this.#sha256.digest('hex'), sm3: this.#sm3.digest('hex'), size: this.size };
  }
}

const toBuffer = (chunk: unknown): Buffer => {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('Storage sources must yield bytes (Buffer, Uint8Array or string)');
};

export const mismatch = (what: string) => new StorageError('storage_digest_mismatch', what);

const HEX64 = /^[0-9a-f]{64}$/;

/** Validates put options before any byte is read. */
export function checkPutOptions(opts: PutOptions): void {
  if (opts.expectedSha256 !== undefined) assertKey(opts.expectedSha256);
  const n = opts.expectedSize;
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`Invalid expectedSize ${n}`);
  if (opts.expectedSm3 !== undefined && !HEX64.test(opts.expectedSm3)) throw new RangeError(`Invalid expectedSm3 ${JSON.stringify(String(opts.expectedSm3).slice(0, 80))}`);
}

/** `putFile`'s digests as put options, validated (a malformed SHA-256 is `storage_invalid_key`). */
export function fileDigestOptions(d: FileDigests): Required<PutOptions> {
  const opts = { expectedSha256: d?.sha256, expectedSize: d?.size, expectedSm3: d?.sm3 };
  if (opts.expectedSha256 === undefined || opts.expectedSize === undefined || opts.expectedSm3 === undefined) throw new TypeError('putFile needs sha256, sm3 and size');
  checkPutOptions(opts);
  return opts;
}

/** `putFile` for adapters that stream: the file goes through `put`, which checks all three digests. */
export async function putFileByStream(put: (s: Readable, o: PutOptions) => Promise<PutResult>, absPath: string, d: FileDigests): Promise<PutResult> {
  const opts = fileDigestOptions(d);
  // Open first: a missing or unreadable file is this call's rejection. A stream left to open the path itself emits
  // its ENOENT on its own, and where `put` had not yet listened (it spools, checks the key …) that error was uncaught
  // and ended the process (seen once in CI, in the S3 adapter's contract test).
  const fh = await open(absPath, 'r');
  const source = fh.createReadStream({ highWaterMark: 1 << 20 });
  try {
    return await put(source, opts);
  } finally {
    source.destroy(); // closes the file if `put` failed before reading it to the end
  }
}

/** SHA-256 of the first `size` bytes of an open file (positional reads, 1 MiB at a time). */
export async function sha256OfHandle(fh: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, 1 << 20)));
  for (let pos = 0; pos < size; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
    if (bytesRead === 0) break; // the file shrank: the digest will not match
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}

/**
 * Streams `source` into a NEW file at `path` (created exclusively, mode 0444) while hashing it,
 * fsyncs it, then checks `opts`. On any failure — source error, write error, mismatch — the file
 * is removed before the promise rejects, so a caller never has to clean up.
 */
export async function spoolToFile(source: Readable | Buffer, path: string, opts: PutOptions = {}): Promise<Digests> {
  checkPutOptions(opts);
  const fh = await open(path, 'wx', 0o444);
  try {
    const hasher = new DualHasher();
    try {
      for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
        const buf = toBuffer(chunk);
        hasher.update(buf);
        if (opts.expectedSize !== undefined && hasher.size > opts.expectedSize) {
          throw mismatch(`Source is longer than the expected ${opts.expectedSize} bytes`);
        }
        for (let off = 0; off < buf.length; ) off += (await fh.write(buf, off)).bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    const d = hasher.digest();
    checkDigests(d, opts);
    return d;
  } catch (err) {
    await unlink(path).catch(() => {});
    throw err;
  }
}

/** Throws `storage_digest_mismatch` when `d` contradicts the expectations. */
export function checkDigests(d: Digests, opts: PutOptions): void {
  if (opts.expectedSize !== undefined && d.size !== opts.expectedSize) {
    throw mismatch(`Source has ${d.size} bytes, expected ${opts.expectedSize}`);
  }
  if (opts.expectedSha256 !== undefined && d.sha256 !== opts.expectedSha256) {
    throw mismatch(`Source has SHA-256 ${d.sha256}, expected ${opts.expectedSha256}`);
  }
  if (opts.expectedSm3 !== undefined && d.sm3 !== opts.expectedSm3) {
    throw mismatch(`Source has SM3 ${d.sm3}, expected ${opts.expectedSm3}`);
  }
}

/**
 * A pass-through that hashes what flows and, at the end, errors with `storage_digest_mismatch`
 * instead of ending when the bytes do not hash to `sha256`.
 */
export function verifyingStream(sha256: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      const actual = hash.digest('hex');
      cb(actual === sha256 ? null : mismatch(`Stored object ${sha256} reads back as ${actual}`));
    },
  });
}

/** Hashes a whole stream (consumed chunk by chunk). */
export async function hashStream(stream: AsyncIterable<unknown>): Promise<Digests> {
  const hasher = new DualHasher();
  for await (const chunk of stream) hasher.update(toBuffer(chunk));
  return hasher.digest();
}

/** `verify()` in terms of `get()`, the same for every adapter. */
export async function verifyVia(get: (key: string) => Promise<Readable>, sha256: string): Promise<VerifyResult> {
  let stream: Readable;
  try {
    stream = await get(sha256);
  } catch (err) {
    if (err instanceof StorageError && err.code === 'storage_not_found') return { ok: false };
    throw err;
  }
  const d = await hashStream(stream);
  return { ok: d.sha256 === sha256, actualSha256: d.sha256, actualSm3: d.sm3, size: d.size };
}

/**
 * `putFiles` from `putFile`, for adapters without a batch path of their own: a few files at a time; on a
 * failure, the objects this call created are deleted again before it rejects (all or nothing).
 */
export async function putFilesEach(store: Pick<ObjectStorage, 'putFile' | 'delete'>, files: readonly AdoptFile[]): Promise<PutResult[]> {
  for (const f of files) fileDigestOptions(f.digests); // malformed digests: refused before anything is stored
  const out: PutResult[] = new Array(files.length);
  try {
    await eachLimit(files.map((_, i) => i), async (i) => void (out[i] = await store.putFile(files[i]!.absPath, files[i]!.digests)), 4);
  } catch (e) {
    await Promise.all(out.filter((r) => r?.created).map((r) => store.delete(r.sha256).catch(() => false)));
    throw e;
  }
  return out;
}

/** fn over the items, `limit` at a time; after a failure no new one starts, and it rejects once the running ones end. */
export async function eachLimit<T>(items: readonly T[], fn: (item: T) => Promise<void>, limit = 8) {
  let next = 0;
  let failed: { e: unknown } | undefined;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) await fn(items[next++]!).catch((e: unknown) => { failed ??= { e }; });
  }));
  if (failed) throw failed.e;
}
