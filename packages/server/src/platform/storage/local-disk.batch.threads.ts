import { WorkerThreads } from './worker.threads.ts';

// Two threads for the per-file steps of a batch adoption (local-disk.batch.worker.mjs), shared by every store of
// the process; a batch's files are split between them.

export type CheckOut = { state: 'exists' | 'checked' } | { error: { kind: 'type' | 'mismatch' | 'errno'; code?: string; message: string } };
export type LinkOut = ({ state: 'created' | 'exists' } | { errno: string; message: string } | { error: { kind: 'errno'; code?: string; message: string } }) & { firstNew?: string };

const threads = new WorkerThreads(new URL('./local-disk.batch.worker.mjs', import.meta.url), 2,
  (why) => new Error(`storage batch thread failed: ${why.message}`));

/** Runs `op` over the items on both threads (alternate items to each), results in the items' order. */
export async function onThreads<T>(op: 'check' | 'link', items: readonly unknown[]): Promise<T[]> {
  const n = threads.count;
  const parts = Array.from({ length: n }, (_, s) => items.filter((_, i) => i % n === s));
  // Settled, both: where one thread fails, the caller's clean-up must not race the other one still working.
  const settled = await Promise.allSettled(parts.map((p, s) => (p.length ? threads.ask<{ out: T[] }>(s, { op, items: p }).then((m) => m.out) : Promise.resolve([] as T[]))));
  const bad = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (bad) throw bad.reason;
  const outs = settled.map((r) => (r as PromiseFulfilledResult<T[]>).value);
  return items.map((_, i) => outs[i % n]![Math.floor(i / n)]!);
}

/** For tests: the threads as they run now (to make them fail). */
export const batchThreadsForTest = () => threads.workersForTest();
