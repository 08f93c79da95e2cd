import { Worker } from 'node:worker_threads';

// Two threads for the per-file steps of a batch adoption (local-disk.batch.worker.mjs), shared by every store of
// the process; a batch's files are split between them.

export interface CheckItem { absPath: string; sha256: string; size: number; final: string }
export interface LinkItem { absPath: string; final: string }
export type CheckOut = { state: 'exists' | 'checked' } | { error: { kind: 'type' | 'mismatch' | 'errno'; code?: string; message: string } };
export type LinkOut = ({ state: 'created' | 'exists' } | { errno: string; message: string } | { error: { kind: 'errno'; code?: string; message: string } }) & { firstNew?: string };

const THREADS = 2;
interface Thread { worker: Worker; pending: Map<number, { resolve(out: unknown[]): void; reject(e: Error): void }> }
const threads: (Thread | undefined)[] = new Array(THREADS).fill(undefined);
let nextId = 0;

function thread(slot: number): Thread {
  const have = threads[slot];
  if (have) return have;
  const worker = new Worker(new URL('./local-disk.batch.worker.mjs', import.meta.url), {
    execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')), // a process started with `node --input-type=module -e`
  });
  const me: Thread = { worker, pending: new Map() };
  worker.on('message', (m: { id: number; out: unknown[] }) => {
    const p = me.pending.get(m.id);
    me.pending.delete(m.id);
    if (!me.pending.size) worker.unref();
    p?.resolve(m.out);
  });
  const fail = (e: Error) => {
    if (threads[slot] !== me) return;
    threads[slot] = undefined;
    for (const p of me.pending.values()) p.reject(new Error(`storage batch thread failed: ${e.message}`));
    me.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the thread exited (code ${code})`)));
  worker.unref();
  return (threads[slot] = me);
}

function ask<T>(slot: number, op: 'check' | 'link', items: unknown[]): Promise<T[]> {
  const t = thread(slot);
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    t.pending.set(id, { resolve: resolve as (out: unknown[]) => void, reject });
    t.worker.ref();
    t.worker.postMessage({ id, op, items });
  });
}

/** Runs `op` over the items on both threads (alternate items to each), results in the items' order. */
export async function onThreads<T>(op: 'check' | 'link', items: readonly unknown[]): Promise<T[]> {
  const parts = Array.from({ length: THREADS }, (_, s) => items.filter((_, i) => i % THREADS === s));
  // Settled, both: where one thread fails, the caller's clean-up must not race the other one still working.
  const settled = await Promise.allSettled(parts.map((p, s) => (p.length ? ask<T>(s, op, p) : Promise.resolve([] as T[]))));
  const bad = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (bad) throw bad.reason;
  const outs = settled.map((r) => (r as PromiseFulfilledResult<T[]>).value);
  return items.map((_, i) => outs[i % THREADS]![Math.floor(i / THREADS)]!);
}

/** For tests: the threads as they run now (to make them fail). */
export const batchThreadsForTest = () => Array.from({ length: THREADS }, (_, s) => thread(s).worker);
