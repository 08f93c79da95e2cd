import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isStorageError, type ObjectStorage } from '../../platform/storage/index.ts';

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

/** Reads one copy and hashes it (SHA-256 only: the key). Missing and unreachable are told apart from corrupt. */
export async function checkCopy(store: ObjectStorage, sha256: string, limiter?: RateLimiter): Promise<CopyCheck> {
  const t0 = Date.now();
  let stream;
  try {
    stream = await store.get(sha256);
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
