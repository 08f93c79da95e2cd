import { Worker } from 'node:worker_threads';
import type { CopyCheck } from './copy-check.ts';

/**
 * A worker thread that reads local files and hashes them (SHA-256), for the fixity sweep of local
 * folders. Inside the worker every file is read with plain synchronous calls (open, read 1 MiB at a
 * time, close — no thread-pool hop per call) and hashed in the same pass, so the main thread is free
 * to write the previous batch's events while the next batch is read. The worker paces itself to
 * `bytesPerSec` (token bucket with a one-second burst, like RateLimiter) by sleeping on Atomics.wait.
 * It also lists a content-addressed folder (for the inventory reconciliation at the start of a cycle).
 * The thread is kept between runs (starting one costs more than a small sweep) and never keeps the process alive while idle.
 * The code is plain CommonJS evaluated in the worker, so it runs the same under tsx, vitest and node.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
const nap = new Int32Array(new SharedArrayBuffer(4));
let rate = workerData.bytesPerSec;
let start = Date.now(), bytes = 0;
function take(n) {
  bytes += n;
  const due = start + (bytes / rate) * 1000, now = Date.now();
  if (due - now > 1000) Atomics.wait(nap, 0, 0, due - now - 1000);
  else if (now - due > 1000) { start = now - 1000; bytes = rate; }
}
function hash(p) {
  let fd;
  try { fd = fs.openSync(p, 'r'); } catch (e) { return e.code === 'ENOENT' ? { status: 'missing' } : { status: 'unreachable', error: e.message }; }
  try {
    const h = createHash('sha256');
    let size = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      size += n;
      take(n);
    }
    return { digest: h.digest('hex'), size };
  } catch (e) {
    return { status: 'unreachable', error: e.message };
  } finally {
    fs.closeSync(fd);
  }
}
const HEX2 = /^[0-9a-f]{2}$/, KEY = /^[0-9a-f]{64}$/;
function dirs(d, ok) {
  try { return fs.readdirSync(d, { withFileTypes: true }).filter((e) => ok(e)).map((e) => e.name).sort(); }
  catch (e) { if (e.code === 'ENOENT') return []; throw e; }
}
function list(root) {
  const keys = [];
  for (const a of dirs(root, (e) => e.isDirectory() && HEX2.test(e.name)))
    for (const b of dirs(path.join(root, a), (e) => e.isDirectory() && HEX2.test(e.name)))
      for (const k of dirs(path.join(root, a, b), (e) => e.isFile() && KEY.test(e.name) && e.name.startsWith(a + b))) keys.push(k);
  return keys;
}
parentPort.on('message', (m) => {
  try {
    // A location folder that is gone (medium not attached) is unreachable, not a folder of missing copies.
    if (m.op === 'rate') { rate = m.bytesPerSec; start = Date.now(); bytes = 0; parentPort.postMessage({ id: m.id, out: null }); }
    else if (m.op === 'hash' && m.root && !fs.existsSync(m.root)) parentPort.postMessage({ id: m.id, out: m.paths.map(() => ({ status: 'unreachable', error: 'location folder ' + m.root + ' does not exist (medium not attached?)' })) });
    else if (m.op === 'hash') parentPort.postMessage({ id: m.id, out: m.paths.map(hash) });
    else parentPort.postMessage({ id: m.id, out: list(m.root) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});
`;

type Raw = { digest?: string; size?: number; status?: 'missing' | 'unreachable'; error?: string };

export interface HashPool {
  /** Hashes local files in order; each result compares the digest with the expected key. */
  check(items: { path: string; sha256: string }[], root?: string): Promise<CopyCheck[]>;
  /** The object keys under a content-addressed folder (`<root>/ab/cd/<sha256>`), sorted. */
  list(root: string): Promise<string[]>;
  /** A new pace (and a fresh one-second burst) for the next run. */
  setRate(bytesPerSec: number): Promise<void>;
  close(): Promise<void>;
}

export function createHashPool(opts: { bytesPerSec: number }): HashPool {
  let worker: Worker | undefined;
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const fail = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = undefined;
  };
  function call<T>(msg: Record<string, unknown>): Promise<T> {
    if (!worker) {
      worker = new Worker(WORKER, { eval: true, workerData: { bytesPerSec: opts.bytesPerSec } });
      worker.on('message', (m: { id: number; out?: unknown; error?: string }) => {
        const w = waiting.get(m.id);
        waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.out);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`hash worker exited (${code})`)));
    }
    const id = ++seq;
    const w = worker;
    if (!waiting.size) w.ref(); // an idle worker never keeps the process alive; a busy one does
    const p = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }))
      .finally(() => { if (!waiting.size) w.unref(); });
    worker.postMessage({ ...msg, id });
    return p;
  }
  return {
    async check(items, root) {
      const t0 = Date.now();
      const raw = await call<Raw[]>({ op: 'hash', root, paths: items.map((i) => i.path) });
      const ms = Date.now() - t0;
      return raw.map((r, i): CopyCheck => r.digest !== undefined
        ? { status: r.digest === items[i]!.sha256 ? 'pass' : 'mismatch', actualSha256: r.digest, size: r.size, ms }
        : { status: r.status!, ...(r.error ? { error: r.error } : {}), ms });
    },
    list: (root) => call<string[]>({ op: 'list', root }),
    setRate: (bytesPerSec) => call<void>({ op: 'rate', bytesPerSec }),
    async close() {
      const w = worker;
      worker = undefined;
      if (w) {
        w.removeAllListeners('exit');
        await w.terminate();
      }
      fail(new Error('hash pool closed'));
    },
  };
}
