import { WorkerThreads } from '../../platform/storage/worker.threads.ts';
import { DigestWorkerError } from './digest.offload.ts';

// The small-file writer of zip extraction: two shared worker threads (extract.worker.mjs) hash each small entry and
// write it with synchronous calls, while the main thread reads and inflates the next entries (docs/BENCHMARKS.md).
// Two: file creation costs the kernel ≈ 0.7 ms a file here, and one thread of it would pace the whole extraction.
const writers = new WorkerThreads(new URL('./extract.worker.mjs', import.meta.url), 2,
  (why) => new DigestWorkerError(`file writer worker failed: ${why.message}`));

type Reply = { digests?: Record<string, string>; error?: string; code?: string };

/**
 * Writes `bytes` to the new file `target` (an existing file is an error, EEXIST) and returns their MD5, SHA-256 and
 * SM3. The bytes are handed to the worker: a buffer that owns its whole memory is moved (the caller must not use it
 * again), any other is copied first.
 */
export async function writeAndHash(target: string, bytes: Buffer): Promise<Record<string, string>> {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = own ? bytes : new Uint8Array(bytes);
  const m = await writers.ask<Reply>(writers.leastBusy(), { path: target, bytes: data }, [data.buffer as ArrayBuffer]);
  if (m.digests) return m.digests;
  throw Object.assign(new Error(m.error), { code: m.code });
}

/** For tests: the writers as they run now (to make them fail). */
export const writerWorkersForTest = () => writers.workersForTest();
