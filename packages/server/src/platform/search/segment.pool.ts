import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { copyRows, rowsJson } from './pg.search.write.ts';
import type { SearchDocument } from './search.port.ts';

export type RowFormat = 'copy' | 'json';
type Task = { id: number; docs: SearchDocument[]; format: RowFormat; resolve: (s: string) => void; reject: (e: Error) => void };

/**
 * Segmentation (jieba + bigrams + 繁简 + pinyin) is CPU-bound; a rebuild spreads it over worker threads, each
 * turning a batch of documents into COPY text. With `size` 0, or when a worker cannot start, it runs inline.
 * Workers load the TypeScript sources through tsx's API (segment.worker-entry.mjs), so they work under vitest too.
 */
export class SegmentPool {
  private idle: Worker[] = [];
  private queue: Task[] = [];
  private running = new Map<Worker, Task>();
  private nextId = 0;
  /** Summed time the workers (or the inline fallback) spent segmenting, in ms. */
  busyMs = 0;

  private constructor(private readonly workers: Worker[]) {
    this.idle = [...workers];
    for (const w of workers) {
      w.on('message', (m: { id: number; text?: string; error?: string; ms: number }) => this.done(w, m));
      w.on('error', (e) => this.fail(w, e));
      w.on('exit', (code) => this.fail(w, new Error(`segmentation worker exited (${code})`)));
    }
  }

  /** Starts `size` workers (default: one per CPU, at most 4) and checks each answers; falls back to inline. */
  static async start(size = Math.min(4, os.availableParallelism())): Promise<SegmentPool> {
    if (size <= 0) return new SegmentPool([]);
    const workers = Array.from({ length: size }, () => new Worker(new URL('./segment.worker-entry.mjs', import.meta.url)));
    const pool = new SegmentPool(workers);
    try {
      await Promise.all(workers.map(() => withTimeout(pool.run([]), 30_000)));
      return pool;
    } catch {
      await pool.close();
      return new SegmentPool([]);
    }
  }

  get size() {
    return this.workers.length;
  }

  /** The rows of `docs` as COPY text ('copy') or a JSON array for json_to_recordset ('json'). */
  run(docs: SearchDocument[], format: RowFormat = 'copy'): Promise<string> {
    if (!this.workers.length) {
      const t = performance.now();
      const text = format === 'json' ? rowsJson(docs) : copyRows(docs);
      this.busyMs += performance.now() - t;
      return Promise.resolve(text);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, docs, format, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const ws = [...this.workers];
    this.workers.length = 0;
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private pump() {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.running.set(w, task);
      w.postMessage({ id: task.id, docs: task.docs, format: task.format });
    }
  }

  private done(w: Worker, m: { id: number; text?: string; error?: string; ms: number }) {
    const task = this.running.get(w);
    this.running.delete(w);
    this.idle.push(w);
    this.busyMs += m.ms ?? 0;
    if (task) {
      if (m.error !== undefined) task.reject(new Error(m.error));
      else task.resolve(m.text ?? '');
    }
    this.pump();
  }

  private fail(w: Worker, e: Error) {
    const task = this.running.get(w);
    this.running.delete(w);
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    this.idle = this.idle.filter((x) => x !== w);
    task?.reject(e);
    if (!this.workers.length) for (const t of this.queue.splice(0)) t.reject(e);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })]).finally(() => clearTimeout(timer));
}
