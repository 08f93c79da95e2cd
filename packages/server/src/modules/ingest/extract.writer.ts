import { Worker } from 'node:worker_threads';
import { DigestWorkerError } from './digest.offload.ts';

// The small-file writer of zip extraction: two shared worker threads (extract.worker.mjs) hash each small entry and
// write it with synchronous calls, while the main thread reads and inflates the next entries (docs/BENCHMARKS.md).

type Reply = { id: number; digests?: Record<string, string>; error?: string; code?: string };
interface Pending { resolve(d: Record<string, string>): void; reject(e: Error): void }

interface Writer { worker: Worker; pending: Map<number, Pending> }
/** Two writers: file creation costs the kernel ≈ 0.7 ms a file here, and one thread of it would pace the whole extraction. */
const WRITERS = 2;
const writers: (Writer | undefined)[] = new Array(WRITERS).fill(undefined);
let nextId = 0;

function startWriter(slot: number): Writer {
  const worker = new Worker(new URL('./extract.worker.mjs', import.meta.url), {
    execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')), // a process started with `node --input-type=module -e`
  });
  const me: Writer = { worker, pending: new Map() };
  worker.on('message', (m: Reply) => {
    const p = me.pending.get(m.id);
    me.pending.delete(m.id);
    if (!me.pending.size) worker.unref();
    if (m.digests) p?.resolve(m.digests);
    else p?.reject(Object.assign(new Error(m.error), { code: m.code }));
  });
  const fail = (e: Error) => {
    if (writers[slot] !== me) return;
    writers[slot] = undefined;
    const err = new DigestWorkerError(`file writer worker failed: ${e.message}`);
    for (const p of me.pending.values()) p.reject(err);
    me.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the worker exited (code ${code})`)));
  worker.unref();
  return (writers[slot] = me);
}

/** The writer with the least work queued (started on first use). */
function aWriter(): Writer {
  let best: Writer | undefined;
  for (let i = 0; i < WRITERS; i++) {
    const w = writers[i] ?? startWriter(i);
    if (!best || w.pending.size < best.pending.size) best = w;
  }
  return best!;
}

/**
 * Writes `bytes` to the new file `target` (an existing file is an error, EEXIST) and returns their MD5, SHA-256 and
 * SM3. The bytes are handed to the worker: a buffer that owns its whole memory is moved (the caller must not use it
 * again), any other is copied first.
 */
export function writeAndHash(target: string, bytes: Buffer): Promise<Record<string, string>> {
  const { worker, pending } = aWriter();
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = own ? bytes : new Uint8Array(bytes);
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, path: target, bytes: data }, [data.buffer as ArrayBuffer]);
  });
}

/** For tests: the writers as they run now (to make them fail). */
export const writerWorkersForTest = () => (aWriter(), writers.flatMap((w) => (w ? [w.worker] : [])));
