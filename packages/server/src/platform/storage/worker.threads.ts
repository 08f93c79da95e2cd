import { Worker } from 'node:worker_threads';

/**
 * A fixed number of shared worker threads running one plain .mjs file, asked by request/reply: a message goes out
 * with an `id` and the worker answers `{ id, … }`. A thread starts on first use and is started again after it
 * died; one that dies rejects everything it was asked with `failure(why)`. Idle threads do not keep the process
 * alive. Used where synchronous file calls in a thread beat the main thread's promise-based ones (the extraction's
 * small-file writers, the store's batch adoption).
 */
export class WorkerThreads {
  readonly #threads: ({ worker: Worker; pending: Map<number, { resolve(m: unknown): void; reject(e: Error): void }> } | undefined)[];
  #nextId = 0;

  constructor(private readonly file: URL, count: number, private readonly failure: (why: Error) => Error) {
    this.#threads = new Array(count).fill(undefined);
  }

  get count() {
    return this.#threads.length;
  }

  /** The thread with the fewest questions open. */
  leastBusy(): number {
    let best = 0;
    for (let s = 1; s < this.count; s++) if (this.#thread(s).pending.size < this.#thread(best).pending.size) best = s;
    return best;
  }

  /** Sends `msg` (plus its id) to thread `slot`; resolves with the worker's whole reply. */
  ask<R>(slot: number, msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<R> {
    const t = this.#thread(slot);
    const id = ++this.#nextId;
    return new Promise<R>((resolve, reject) => {
      t.pending.set(id, { resolve: resolve as (m: unknown) => void, reject });
      t.worker.ref();
      t.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  /** For tests: the threads as they run now (to make them fail). */
  workersForTest(): Worker[] {
    return Array.from({ length: this.count }, (_, s) => this.#thread(s).worker);
  }

  #thread(slot: number) {
    const have = this.#threads[slot];
    if (have) return have;
    const worker = new Worker(this.file, {
      execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')), // a process started with `node --input-type=module -e`
    });
    const me = { worker, pending: new Map<number, { resolve(m: unknown): void; reject(e: Error): void }>() };
    worker.on('message', (m: { id: number }) => {
      const p = me.pending.get(m.id);
      me.pending.delete(m.id);
      if (!me.pending.size) worker.unref();
      p?.resolve(m);
    });
    const fail = (e: Error) => {
      if (this.#threads[slot] !== me) return;
      this.#threads[slot] = undefined;
      const err = this.failure(e);
      for (const p of me.pending.values()) p.reject(err);
      me.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the thread exited (code ${code})`)));
    worker.unref();
    return (this.#threads[slot] = me);
  }
}
