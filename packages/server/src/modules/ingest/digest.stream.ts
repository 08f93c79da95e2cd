import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { DigestAlg } from './checks/check.types.ts';
import { Sm3Stream } from './digest.offload.ts';

export const RUNNER_DIGESTS: DigestAlg[] = ['md5', 'sha256', 'sm3'];

/** Hashes of one stream: SM3 through Sm3Stream (a worker thread for large streams), the others here. */
function hashSet(algs: string[]) {
  const inline = algs.filter((a) => a !== 'sm3').map((a) => [a, createHash(a)] as [string, Hash]);
  const sm3 = algs.includes('sm3') ? new Sm3Stream() : undefined;
  let size = 0;
  return {
    /** Resolves when the chunk is hashed or queued; wait for it before taking the next one (backpressure). */
    update(c: Buffer): Promise<void> | undefined {
      size += c.length;
      for (const [, h] of inline) h.update(c);
      return sm3?.update(c);
    },
    async digest() {
      const out: Record<string, string> = {};
      for (const a of algs) out[a] = a === 'sm3' ? await sm3!.digest() : inline.find(([x]) => x === a)![1].digest('hex');
      return { size, digests: out };
    },
    drop: () => sm3?.drop(),
  };
}

/**
 * A pass-through that hashes MD5, SHA-256 and SM3 of the bytes flowing through (one read, three digests; SM3 of
 * a large stream on a second core). `result()` is ready once the stream has ended (the tap flushes after SM3).
 */
export function digestTap(algs: string[] = RUNNER_DIGESTS) {
  const hs = hashSet(algs);
  let res: { size: number; digests: Record<string, string> } | undefined;
  const tap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      const p = hs.update(chunk);
      if (p) p.then(() => cb(null, chunk), cb);
      else cb(null, chunk);
    },
    flush(cb) {
      hs.digest().then((r) => ((res = r), cb()), cb);
    },
    destroy(err, cb) {
      if (!res) hs.drop();
      cb(err);
    },
  });
  return {
    tap,
    result: () => {
      if (!res) throw new Error('digestTap: result() before the stream ended');
      return res;
    },
  };
}

/** Digests of bytes already in memory, in one go. */
export const hashBuffer = (b: Buffer, algs: string[] = RUNNER_DIGESTS) =>
  Object.fromEntries(algs.map((a) => [a, createHash(a).update(b).digest('hex')])) as Record<string, string>;

/** Files up to this size are read whole into a buffer of their own size. */
const WHOLE = 1024 * 1024;

/**
 * Digests of a file on disk: a small file read whole, a larger one streamed in 1 MiB chunks. (A 1 MiB read buffer
 * per tiny file made a folder package of 100,000 files spend its time in garbage collection: 10k files 4 s, 100k 105 s.)
 */
export async function digestFile(file: string, algs: string[] = RUNNER_DIGESTS) {
  if ((await fs.stat(file)).size <= WHOLE) {
    const b = await fs.readFile(file);
    return { size: b.length, digests: hashBuffer(b, algs) };
  }
  const hs = hashSet(algs);
  try {
    for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) await hs.update(c as Buffer);
    return await hs.digest();
  } catch (e) {
    hs.drop();
    throw e;
  }
}
