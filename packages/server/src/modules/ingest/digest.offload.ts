import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

// SM3 for large streams on a second core. SM3 has no hardware path and is the slowest digest (≈ 260 MiB/s a core
// here, against ≈ 1,200 for SHA-NI SHA-256), so it runs in one shared worker thread (digest.worker.mjs) while the
// main thread reads, writes and hashes SHA-256. The bytes are never copied for the worker nor moved to it: they sit
// in slots of one SharedArrayBuffer that both threads see; the worker hashes a slot in place and hands it back.
// (Fresh 1 MiB buffers per batch, concatenated and transferred, cost the main thread about a third more.)
// A slot is reused once every holder (the worker, a pending write) has let go of it.

export const OFFLOAD_AFTER = 8 * 1024 * 1024;
export const SLOT = 1024 * 1024;
const SLOTS = 16;

/** The SM3 worker died or failed: not the package's fault, so it is no package finding but an error of the run. */
export class DigestWorkerError extends Error {}

export interface Slot { readonly buf: Buffer; readonly index: number; refs: number; readonly pool: Pool }
interface Pool { free: Slot[]; waiters: (() => void)[]; dead: boolean }
type Reply = { op: 'ack'; id: number; slot: number } | { op: 'done'; id: number; hex: string };
interface Session { onDone(hex: string): void; onError(e: Error): void }

let current: { worker: Worker; pool: Pool; slots: Slot[] } | undefined;
const sessions = new Map<number, Session>();
let nextId = 0;

function failAll(e: Error) {
  if (!current) return;
  const { pool } = current;
  current = undefined;
  pool.dead = true; // slots the dead worker held are never handed back: the next worker gets a new pool
  for (const w of pool.waiters.splice(0)) w();
  const err = new DigestWorkerError(`SM3 digest worker failed: ${e.message}`);
  for (const s of sessions.values()) s.onError(err);
  sessions.clear();
}

function theWorker() {
  if (current) return current;
  const sab = new SharedArrayBuffer(SLOT * SLOTS);
  const pool: Pool = { free: [], waiters: [], dead: false };
  const slots = Array.from({ length: SLOTS }, (_, index): Slot => ({ buf: Buffer.from(sab, index * SLOT, SLOT), index, refs: 0, pool }));
  pool.free.push(...slots);
  const w = new Worker(new URL('./digest.worker.mjs', import.meta.url), { workerData: { sab, slot: SLOT } });
  w.on('message', (m: Reply) => {
    if (m.op === 'ack') return releaseSlot(slots[m.slot]!);
    const s = sessions.get(m.id);
    sessions.delete(m.id);
    if (!sessions.size) w.unref();
    s?.onDone(m.hex);
  });
  w.on('error', (e) => { if (current?.worker === w) failAll(e); });
  w.on('exit', (code) => { if (current?.worker === w) failAll(new Error(`the worker exited (code ${code})`)); });
  w.unref();
  return (current = { worker: w, pool, slots });
}

/** A free slot (waits while all are in use); the caller holds one reference. */
export async function takeSlot(): Promise<Slot> {
  for (;;) {
    const { pool } = theWorker();
    const s = pool.free.pop();
    if (s) { s.refs = 1; return s; }
    await new Promise<void>((r) => pool.waiters.push(r));
  }
}

export function releaseSlot(s: Slot) {
  if (--s.refs > 0 || s.pool.dead) return;
  s.pool.free.push(s);
  s.pool.waiters.shift()?.();
}

/** For tests: the worker as it runs now (to make it fail). */
export const digestWorkerForTest = () => theWorker().worker;

/**
 * SM3 of a stream of bytes fed in order; `digest()` once at the end; `drop()` when the stream failed. Chunks given
 * to `update` are held (by reference) up to OFFLOAD_AFTER and hashed here if the stream ends before; a longer
 * stream is copied into slots for the worker. `feed` hands over a slot the caller filled (no copy at all).
 */
export class Sm3Stream {
  #held: Buffer[] = [];
  #heldLen = 0;
  #id?: number;
  #pend: Buffer[] = [];
  #pendLen = 0;
  #error?: Error;
  #done?: Promise<string>;

  async update(chunk: Buffer): Promise<void> {
    if (this.#error) throw this.#error;
    if (this.#id === undefined) {
      this.#held.push(chunk);
      this.#heldLen += chunk.length;
      if (this.#heldLen <= OFFLOAD_AFTER) return;
      this.open();
      const held = this.#held;
      this.#held = [];
      for (const c of held) await this.#copy(c);
    } else await this.#copy(chunk);
  }

  /** Hashes `len` bytes of a slot the caller filled; the slot stays the caller's too (one reference each). */
  feed(s: Slot, len: number) {
    if (this.#error) throw this.#error;
    if (this.#id === undefined) this.open();
    this.#post(s, len);
  }

  async digest(): Promise<string> {
    if (this.#id === undefined) {
      const h = createHash('sm3');
      for (const c of this.#held) h.update(c);
      this.#held = [];
      return h.digest('hex');
    }
    if (this.#error) throw this.#error;
    if (this.#pendLen) await this.#flush(this.#pendLen);
    theWorker().worker.postMessage({ op: 'end', id: this.#id });
    return this.#done!;
  }

  drop(): void {
    this.#held = [];
    this.#pend = [];
    this.#pendLen = 0;
    if (this.#id === undefined || !sessions.has(this.#id)) return;
    sessions.delete(this.#id);
    current?.worker.postMessage({ op: 'drop', id: this.#id });
    if (!sessions.size) current?.worker.unref();
  }

  /** Starts the worker session now (a stream known to be large). */
  open() {
    if (this.#id !== undefined) return;
    const id = (this.#id = ++nextId);
    let resolve!: (hex: string) => void, reject!: (e: Error) => void;
    this.#done = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    this.#done.catch(() => undefined); // awaited in digest(); an earlier failure surfaces through update()/feed()
    sessions.set(id, { onDone: resolve, onError: (e) => { this.#error = e; reject(e); } });
    theWorker().worker.ref();
  }

  #post(s: Slot, len: number) {
    const w = theWorker();
    if (s.pool !== w.pool) throw new DigestWorkerError('SM3 digest worker failed: a slot of the previous worker');
    s.refs++;
    w.worker.postMessage({ op: 'update', id: this.#id, slot: s.index, len });
  }

  /**
   * Collects chunks by reference and copies them into a slot only once a whole slot's worth is here, so a slot is
   * never held while the source waits (a slow upload must not keep slots from everyone else's digests).
   */
  async #copy(c: Buffer) {
    this.#pend.push(c);
    this.#pendLen += c.length;
    while (this.#pendLen >= SLOT) await this.#flush(SLOT);
  }

  /** Copies the first `len` pending bytes into a slot and hands it to the worker. */
  async #flush(len: number) {
    const s = await takeSlot();
    try {
      if (this.#error) throw this.#error;
      let at = 0;
      while (at < len) {
        const c = this.#pend[0]!;
        const n = c.copy(s.buf, at, 0, Math.min(c.length, len - at));
        at += n;
        if (n === c.length) this.#pend.shift();
        else this.#pend[0] = c.subarray(n);
      }
      this.#pendLen -= len;
      this.#post(s, len);
    } finally {
      releaseSlot(s);
    }
  }
}
