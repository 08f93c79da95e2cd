import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs/promises';
import { releaseSlot, SLOT, Sm3Stream, takeSlot, type Slot } from './digest.offload.ts';

/**
 * A new file written from slots (digest.offload.ts) and hashed on the way: SHA-256 (and MD5 when asked) on this
 * thread, SM3 in the worker on the other core, the write in the I/O pool; the three read the same slot at once and
 * nothing copies it. A large zip entry is read straight into the slots (extract.zip.ts). Used as:
 * `s = await openDigestSink(file)`; repeatedly `slot = await s.slot()`, fill it, `await s.put(slot, n)`; then
 * `await s.end()` for size + digests, or `await s.abort()` (closes and removes the file) after any failure.
 */
export async function openDigestSink(target: string, opts: { md5?: boolean } = {}) {
  const fh = await fs.open(target, 'wx');
  const inline: [string, Hash][] = [['sha256', createHash('sha256')]];
  if (opts.md5) inline.unshift(['md5', createHash('md5')]);
  const sm3 = new Sm3Stream();
  sm3.open();
  const writes = new Set<Promise<void>>();
  let writeError: unknown;
  let size = 0;
  let closed = false;
  const fill: { slot?: Slot; len: number } = { len: 0 };
  const flush = async () => { const s = fill.slot; const n = fill.len; fill.slot = undefined; fill.len = 0; if (s) await sink.put(s, n); };
  const close = async () => { if (!closed) { closed = true; await fh.close(); } };
  const sink = {
    slot: takeSlot,
    /** `n` bytes at the start of `s` are the next bytes of the file; the sink takes over the caller's hold on `s`. */
    async put(s: Slot, n: number) {
      try {
        if (writeError) throw writeError;
        if (!n) return;
        const view = s.buf.subarray(0, n);
        sm3.feed(s, n);
        s.refs++;
        const w: Promise<void> = fh.write(view, 0, n, size).then(
          ({ bytesWritten }) => { if (bytesWritten !== n) throw new Error(`short write (${bytesWritten} of ${n} bytes)`); },
        ).catch((e: unknown) => { writeError ??= e; }).finally(() => { writes.delete(w); releaseSlot(s); });
        writes.add(w);
        size += n;
        for (const [, h] of inline) h.update(view);
      } finally {
        releaseSlot(s);
      }
    },
    /** Copies a chunk (e.g. inflated bytes) into slots, putting each slot once it is full (the last one at `end`). */
    async write(chunk: Buffer) {
      for (let o = 0; o < chunk.length;) {
        fill.slot ??= await takeSlot();
        const n = chunk.copy(fill.slot.buf, fill.len, o);
        o += n;
        fill.len += n;
        if (fill.len === SLOT) await flush();
      }
    },
    async end() {
      await flush();
      const sm3hex = sm3.digest();
      sm3hex.catch(() => undefined); // awaited below, after the writes
      await Promise.all(writes);
      if (writeError) { sm3.drop(); throw writeError; }
      await close();
      const digests: Record<string, string> = {};
      for (const [a, h] of inline) digests[a] = h.digest('hex');
      digests.sm3 = await sm3hex;
      return { size, digests };
    },
    async abort() {
      if (fill.slot) releaseSlot(fill.slot);
      fill.slot = undefined;
      sm3.drop();
      await Promise.allSettled([...writes]);
      await close().catch(() => undefined);
      await fs.rm(target, { force: true });
    },
  };
  return sink;
}
export type DigestSink = Awaited<ReturnType<typeof openDigestSink>>;
