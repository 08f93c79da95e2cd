import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';

// A small pool of worker threads for CPU-bound analyzers (pdf.js), so every core works and a document that hangs
// an interpreter can be stopped: on its time limit or on cancel the worker running it is terminated and replaced.
// Workers are plain .mjs files (they run the same under tsx, vitest and node). Idle workers do not keep the
// process alive. A worker that cannot start or dies makes its task reject; the caller turns that into a finding.

export class PoolTimeout extends Error {
  constructor(ms: number) {
    super(`took longer than ${ms} ms`);
    this.name = 'PoolTimeout';
  }
}

interface Task {
  msg: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

export class ThreadPool {
  readonly #file: URL;
  readonly #size: number;
  readonly #limits?: ResourceLimits;
  readonly #slots = new Set<Slot>();
  readonly #queue: Task[] = [];

  /** `limits`: heap caps per worker; a task that exceeds them rejects (its worker is replaced). */
  constructor(file: URL, opts: { size?: number; limits?: ResourceLimits } = {}) {
    this.#file = file;
    this.#size = opts.size ?? Math.max(1, Math.min(4, os.availableParallelism()));
    this.#limits = opts.limits;
  }

  get size() {
    return this.#size;
  }

  run<T>(msg: unknown, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new Error('cancelled'));
      this.#queue.push({ msg, timeoutMs: opts.timeoutMs, signal: opts.signal, resolve: resolve as (v: unknown) => void, reject });
      this.#pump();
    });
  }

  /** Stops every worker (tests, shutdown); queued and running tasks reject. */
  async close(): Promise<void> {
    for (const t of this.#queue.splice(0)) t.reject(new Error('pool closed'));
    await Promise.all([...this.#slots].map((s) => this.#drop(s, new Error('pool closed'))));
  }

  #pump() {
    while (this.#queue.length) {
      let slot = [...this.#slots].find((s) => !s.task);
      if (!slot && this.#slots.size < this.#size) slot = this.#spawn();
      if (!slot) return;
      const task = this.#queue.shift()!;
      if (task.signal?.aborted) {
        task.reject(new Error('cancelled'));
        continue;
      }
      this.#start(slot, task);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(this.#file, { resourceLimits: this.#limits });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (m: { ok: boolean; value?: unknown; error?: string }) => {
      const t = this.#finish(slot);
      if (!t) return;
      if (m.ok) t.resolve(m.value);
      else t.reject(new Error(m.error ?? 'worker error'));
      this.#pump();
    });
    worker.on('error', (e) => void this.#drop(slot, e));
    worker.on('exit', (code) => void this.#drop(slot, new Error(`worker exited (code ${code})`)));
    this.#slots.add(slot);
    return slot;
  }

  #start(slot: Slot, task: Task) {
    slot.task = task;
    slot.worker.ref();
    slot.timer = setTimeout(() => void this.#drop(slot, new PoolTimeout(task.timeoutMs)), task.timeoutMs);
    if (task.signal) {
      slot.onAbort = () => void this.#drop(slot, new Error('cancelled'));
      task.signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    slot.worker.postMessage(task.msg);
  }

  /** Detaches the slot's task (timer, abort listener) and lets the worker idle. */
  #finish(slot: Slot): Task | undefined {
    const t = slot.task;
    clearTimeout(slot.timer);
    if (t?.signal && slot.onAbort) t.signal.removeEventListener('abort', slot.onAbort);
    slot.task = undefined;
    slot.onAbort = undefined;
    slot.worker.unref();
    return t;
  }

  /** Terminates the slot's worker, rejecting its task with `why`; the next task gets a fresh worker. */
  async #drop(slot: Slot, why: unknown) {
    if (!this.#slots.delete(slot)) return;
    const t = this.#finish(slot);
    t?.reject(why);
    await slot.worker.terminate().catch(() => undefined);
    this.#pump();
  }
}
