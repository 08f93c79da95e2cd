import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { DigestAlg } from './checks/check.types.ts';

export const RUNNER_DIGESTS: DigestAlg[] = ['md5', 'sha256', 'sm3'];

/** A pass-through that hashes MD5, SHA-256 and SM3 of the bytes flowing through (one read, three digests). */
export function digestTap(algs: string[] = RUNNER_DIGESTS) {
  const hashes = algs.map((a) => [a, createHash(a)] as [string, Hash]);
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      size += chunk.length;
      for (const [, h] of hashes) h.update(chunk);
      cb(null, chunk);
    },
  });
  return { tap, result: () => ({ size, digests: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])) as Record<string, string> }) };
}

/** Digests of a file on disk, streamed. */
export async function digestFile(file: string, algs: string[] = RUNNER_DIGESTS) {
  const hashes = algs.map((a) => [a, createHash(a)] as [string, Hash]);
  let size = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) {
    size += (c as Buffer).length;
    for (const [, h] of hashes) h.update(c as Buffer);
  }
  return { size, digests: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])) as Record<string, string> };
}
