import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLOAD_AFTER, SLOT } from './digest.offload.ts';
import { digestFile, digestTap } from './digest.stream.ts';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-digest-test-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));
const expected = (b: Buffer) => ({ size: b.length, digests: { md5: createHash('md5').update(b).digest('hex'), sha256: createHash('sha256').update(b).digest('hex'), sm3: createHash('sm3').update(b).digest('hex') } });

describe('streamed digests (MD5 + SHA-256 here, SM3 of large streams in a worker thread)', () => {
  it('digestFile gives the same digests as one-shot hashing, below and above the offload size', async () => {
    for (const size of [0, 1, 70_000, OFFLOAD_AFTER, OFFLOAD_AFTER + 1, 3 * OFFLOAD_AFTER + 12_345]) {
      const b = randomBytes(size);
      const f = path.join(dir, `f${size}`);
      await fs.writeFile(f, b);
      expect(await digestFile(f), `size ${size}`).toEqual(expected(b));
    }
  });

  it('digestTap passes every byte through unchanged and hashes it, several large streams at once', async () => {
    const blobs = [randomBytes(OFFLOAD_AFTER * 2 + 7), randomBytes(OFFLOAD_AFTER + 99), randomBytes(5000)];
    const results = await Promise.all(blobs.map(async (b, i) => {
      const out = path.join(dir, `t${i}`);
      const tap = digestTap();
      const chunks = Array.from({ length: Math.ceil(b.length / 65_536) }, (_, k) => b.subarray(k * 65_536, (k + 1) * 65_536));
      await pipeline(Readable.from(chunks), tap.tap, createWriteStream(out));
      expect(Buffer.compare(await fs.readFile(out), b)).toBe(0);
      return tap.result();
    }));
    results.forEach((r, i) => expect(r).toEqual(expected(blobs[i]!)));
  });

  it('chunks of odd sizes are copied across the worker\'s 1 MiB slots without a byte lost or doubled', async () => {
    const b = randomBytes(3 * OFFLOAD_AFTER + 5);
    for (const step of [1, 99_991, SLOT - 1, SLOT + 1, 3 * SLOT + 7]) {
      const tap = digestTap();
      const chunks = step === 1 ? [b.subarray(0, 10), ...Array.from({ length: 3 }, (_, k) => b.subarray(10 + k, 11 + k)), b.subarray(13)]
        : Array.from({ length: Math.ceil(b.length / step) }, (_, k) => b.subarray(k * step, (k + 1) * step));
      await pipeline(Readable.from(chunks), tap.tap, createWriteStream(path.join(dir, `odd${step}`)));
      expect(tap.result(), `step ${step}`).toEqual(expected(b));
    }
  });

  it('a stream that fails half-way fails the pipeline, and later streams still hash correctly', async () => {
    const b = randomBytes(OFFLOAD_AFTER * 2);
    const broken = new Readable({ read() {} });
    broken.push(b.subarray(0, OFFLOAD_AFTER + 1_000_000));
    setTimeout(() => broken.destroy(new Error('client went away')), 20);
    await expect(pipeline(broken, digestTap().tap, createWriteStream(path.join(dir, 'broken')))).rejects.toThrow('client went away');
    const f = path.join(dir, 'after');
    await fs.writeFile(f, b);
    expect(await digestFile(f)).toEqual(expected(b));
    await pipeline(createReadStream(f), digestTap().tap, createWriteStream(path.join(dir, 'after2')));
  });

  it('streams waiting on a slow source hold no slot: 20 stalled uploads do not stop another digest', async () => {
    const b = randomBytes(OFFLOAD_AFTER + SLOT / 2); // past the offload size, half a slot left over
    const stalled = Array.from({ length: 20 }, () => {
      const src = new Readable({ read() {} });
      src.push(b); // then nothing more: a client that stopped sending
      const done = pipeline(src, digestTap().tap, createWriteStream(path.join(dir, `stall${Math.random()}`))).catch(() => undefined);
      return { src, done };
    });
    await new Promise((r) => setTimeout(r, 200));
    const f = path.join(dir, 'meanwhile');
    await fs.writeFile(f, b);
    expect(await digestFile(f)).toEqual(expected(b));
    for (const x of stalled) x.src.destroy(new Error('gone'));
    await Promise.all(stalled.map((x) => x.done));
  });
});
