import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

// SM3 for the streams of digest.stream.ts. The first OFFLOAD_AFTER bytes are only held (by reference); a stream
// that ends before that is hashed here, in one go. A longer stream hands what it holds, and everything after it,
// to the shared SM3 worker (digest.worker.mjs) in 1 MiB batches with at most IN_FLIGHT batches unanswered, so the
// main thread's MD5 + SHA-256 + I/O and the worker's SM3 run on two cores. One read of the bytes either way.

export const OFFLOAD_AFTER = 8 * 1024 * 1024;
const BATCH = 1024 * 1024;
const IN_FLIGHT = 8;

type Reply = { op: 'ack' | 'done'; id: number; hex?: string };
interface Session { onAck(): void; onDone(hex: string): void; onError(e: Error): void }

let worker: Worker | undefined;
const sessions = new Map<number, Session>();
let nextId = 0;

function failAll(e: Error) {
  worker = undefined;
  for (const s of sessions.values()) s.onError(e);
  sessions.clear();
}

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./digest.worker.mjs', import.meta.url));
  w.on('message', (m: Reply) => {
    const s = sessions.get(m.id);
    if (!s) return;
    if (m.op === 'ack') s.onAck();
    else {
      sessions.delete(m.id);
      if (!sessions.size) w.unref();
      s.onDone(m.hex!);
    }
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => { if (worker === w) failAll(new Error(`SM3 worker exited (code ${code})`)); });
  w.unref();
  return (worker = w);
}

/** SM3 of a stream of chunks, fed in order; `digest()` once at the end; `drop()` when the stream failed. */
export class Sm3Stream {
  #held: Buffer[] = [];
  #heldLen = 0;
  #id?: number;
  #unanswered = 0;
  #wake?: () => void;
  #done?: Promise<string>;
  #error?: Error;

  /** Resolves when the chunk is taken (at once, or once the worker has room again). */
  async update(chunk: Buffer): Promise<void> {
    if (this.#error) throw this.#error;
    this.#held.push(chunk);
    this.#heldLen += chunk.length;
    if (this.#id === undefined && this.#heldLen <= OFFLOAD_AFTER) return;
    if (this.#id === undefined) this.#open();
    if (this.#heldLen >= BATCH) await this.#send();
  }

  async digest(): Promise<string> {
    if (this.#id === undefined) {
      const h = createHash('sm3');
      for (const c of this.#held) h.update(c);
      this.#held = [];
      return h.digest('hex');
    }
    if (this.#heldLen) await this.#send();
    theWorker().postMessage({ op: 'end', id: this.#id });
    return this.#done!;
  }

  drop(): void {
    this.#held = [];
    if (this.#id === undefined || !sessions.has(this.#id)) return;
    sessions.delete(this.#id);
    worker?.postMessage({ op: 'drop', id: this.#id });
    if (!sessions.size) worker?.unref();
  }

  #open() {
    const id = ++nextId;
    this.#id = id;
    let resolve!: (hex: string) => void, reject!: (e: Error) => void;
    this.#done = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    this.#done.catch(() => undefined); // awaited in digest(); an early failure surfaces through update()
    sessions.set(id, {
      onAck: () => { this.#unanswered--; this.#wake?.(); },
      onDone: resolve,
      onError: (e) => { this.#error = e; reject(e); this.#wake?.(); },
    });
    theWorker().ref();
  }

  async #send() {
    const buf = Buffer.concat(this.#held, this.#heldLen); // our own copy: its memory moves to the worker
    this.#held = [];
    this.#heldLen = 0;
    const own = buf.byteOffset === 0 && buf.buffer.byteLength === buf.length;
    theWorker().postMessage({ op: 'update', id: this.#id, buf }, own ? [buf.buffer as ArrayBuffer] : []);
    this.#unanswered++;
    while (this.#unanswered >= IN_FLIGHT && !this.#error) await new Promise<void>((r) => (this.#wake = r));
    if (this.#error) throw this.#error;
  }
}
