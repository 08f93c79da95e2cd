import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { open } from 'node:fs/promises';
import { isStorageError, StorageError, type ObjectStorage } from '../../platform/storage/index.ts';

export type CopyStatus = 'pass' | 'mismatch' | 'missing' | 'unreachable';
export interface CopyCheck { status: CopyStatus; actualSha256?: string; size?: number; error?: string; ms: number }

/** Paces a reader to `bytesPerSec` (token bucket with a one-second burst). */
export class RateLimiter {
  #start = Date.now();
  #bytes = 0;
  constructor(readonly bytesPerSec: number) {}
  async take(n: number): Promise<void> {
    this.#bytes += n;
    const due = this.#start + (this.#bytes / this.bytesPerSec) * 1000;
    const now = Date.now();
    if (due - now > 1000) await sleep(due - now - 1000);
    else if (now - due > 1000) { this.#start = now - 1000; this.#bytes = this.bytesPerSec; } // idle time is not credit beyond 1 s
  }
}

/** A local file as chunks: small files in one read, larger ones streamed 1 MiB at a time. */
async function openLocal(path: string, sha256: string): Promise<AsyncIterable<unknown>> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ENOENT' ? new StorageError('storage_not_found', `No stored object ${sha256}`) : e;
  });
  const { size } = await fh.stat();
  if (size > 4 << 20) return fh.createReadStream({ highWaterMark: 1 << 20 });
  try {
    const whole = await fh.readFile();
    return (async function* () { yield whole; })();
  } finally {
    await fh.close();
  }
}

/** Reads one copy and hashes it (SHA-256 only: the key). Missing and unreachable are told apart from corrupt. */
export async function checkCopy(store: ObjectStorage, sha256: string, limiter?: RateLimiter): Promise<CopyCheck> {
  const t0 = Date.now();
  let stream: AsyncIterable<unknown>;
  try {
    // A local folder is read directly in 1 MiB chunks (the adapter's get() streams 64 KiB at a time).
    const path = 'pathOf' in store ? (store as { pathOf(k: string): string }).pathOf(sha256) : null;
    stream = path ? await openLocal(path, sha256) : await store.get(sha256);
  } catch (e) {
    if (isStorageError(e, 'storage_not_found')) return { status: 'missing', ms: Date.now() - t0 };
    return { status: 'unreachable', error: (e as Error).message, ms: Date.now() - t0 };
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const c of stream) {
      const b = c as Buffer;
      hash.update(b);
      size += b.length;
      if (limiter) await limiter.take(b.length);
    }
  } catch (e) {
    return { status: 'unreachable', error: (e as Error).message, ms: Date.now() - t0 };
  }
  const actual = hash.digest('hex');
  return { status: actual === sha256 ? 'pass' : 'mismatch', actualSha256: actual, size, ms: Date.now() - t0 };
}

export const backoffMs = (attempts: number, baseMs: number) => Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
