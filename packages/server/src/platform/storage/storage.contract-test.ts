import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, type ObjectStorage, type StorageErrorCode } from './storage.ts';

/** What each adapter's test supplies to the shared contract suite. */
export interface StorageFixture {
  storage: ObjectStorage;
  /** Flips one bit of the stored object behind the adapter's back. */
  corrupt(sha256: string): Promise<void>;
  /** Temporary/spool files that currently exist (must be none after any put settles). */
  tempFiles(): Promise<string[]>;
  cleanup(): Promise<void>;
  /** The in-memory adapter holds objects in memory by design: skip the bounded-memory check. */
  holdsObjectsInMemory?: boolean;
  /** `putFile` takes the declared SM3 on trust (the local disk: it re-reads for SHA-256 only). */
  adoptTrustsSm3?: boolean;
}

export const sha256Of = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
export const sm3Of = (b: Buffer | string) => createHash('sm3').update(b).digest('hex');
export const readAll = async (s: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c);
  return Buffer.concat(parts);
};
export const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};
export async function expectStorageError(p: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, `expected StorageError ${code}`).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
}
/** A source that yields `chunks` slices of `data` with a turn of the event loop in between. */
export const slowSource = (data: Buffer, chunk = 16 * 1024) =>
  Readable.from((async function* () {
    for (let i = 0; i < data.length; i += chunk) {
      await new Promise((r) => setImmediate(r));
      yield data.subarray(i, i + chunk);
    }
  })());
/** A source that yields `before` bytes and then fails, like a client that disconnects. */
export const failingSource = (before: number) =>
  Readable.from((async function* () {
    yield randomBytes(before);
    await new Promise((r) => setImmediate(r));
    throw new Error('source broke mid-stream');
  })());

/**
 * Runs `code` (an ES module, under tsx) in a child process and kills it with SIGKILL as soon as it prints `marker`;
 * resolves with what it printed (a child that exits by itself first fails the test).
 */
export async function killWhenPrinted(code: string, env: Record<string, string>, marker: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject).on('exit', (c) => reject(new Error(`child exited early (${c})`)));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()).includes(marker) && resolve());
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.on('exit', (_c, sig) => r(sig)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return out;
}

const MB = 1024 * 1024;
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const INVALID_KEYS = ['../../etc/passwd', '', 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(65), 'g'.repeat(64),
  `../${'a'.repeat(61)}`, `${'a'.repeat(64)}\n`, `ab/cd/${'a'.repeat(58)}`, `/${'0'.repeat(63)}`];

/** A deterministic `size`-byte stream of 64 KiB chunks; `onChunk` runs before each. */
function generated(size: number, onChunk: (i: number) => void = () => {}): Readable {
  return Readable.from((function* () {
    for (let i = 0, off = 0; off < size; i++, off += 64 * 1024) {
      onChunk(i);
      const buf = Buffer.alloc(Math.min(64 * 1024, size - off), i % 251);
      buf.writeUInt32BE(i, 0);
      yield buf;
    }
  })());
}

/** Forced-GC sampler of retained (not merely allocated) memory. */
function memoryProbe() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = () => (gc(), process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed);
  const base = used();
  let peak = 0;
  const sample = () => void (peak = Math.max(peak, used() - base));
  return { sample, peakMB: () => peak / MB };
}

export function runStorageContract(name: string, makeStorage: () => Promise<StorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fx: StorageFixture;
    let storage: ObjectStorage;
    beforeEach(async () => ((fx = await makeStorage()), (storage = fx.storage)));
    afterEach(async () => fx.cleanup());
    const expectNothingLeft = async (keys: string[] = []) => {
      expect(await collect(storage.list())).toEqual(keys);
      expect(await fx.tempFiles()).toEqual([]);
    };

    it('round-trips bytes; SHA-256, SM3 and size match node:crypto', async () => {
      const data = randomBytes(300_000);
      const r = await storage.put(slowSource(data));
      expect(r).toEqual({ sha256: sha256Of(data), sm3: sm3Of(data), size: data.length, created: true });
      expect((await readAll(await storage.get(r.sha256))).equals(data)).toBe(true);
      expect((await readAll(await storage.get(r.sha256, { verify: true }))).equals(data)).toBe(true);
      expect(await storage.head(r.sha256)).toEqual({ size: data.length });
      expect(await storage.verify(r.sha256)).toEqual({ ok: true, actualSha256: r.sha256, actualSm3: r.sm3, size: data.length });
      await expectNothingLeft([r.sha256]);
    });

    it('computes real SM3: GB/T 32905 vector "abc" and the openssl CLI agree', async () => {
      const abc = await storage.put(Buffer.from('abc'), { expectedSha256: sha256Of('abc'), expectedSize: 3 });
      expect(abc.sm3).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
      if (!hasOpenssl) return void console.warn('openssl not on PATH: CLI SM3 cross-check skipped');
      const data = randomBytes(MB + 17);
      const r = await storage.put(data);
      const cli = spawnSync('openssl', ['dgst', '-sm3', '-r'], { input: data, encoding: 'utf8' });
      expect(cli.status, cli.stderr).toBe(0);
      expect(cli.stdout.split(' ')[0]).toBe(r.sm3);
    });

    it('accepts strings, Uint8Arrays and Buffers as chunks, and an empty object', async () => {
      const r = await storage.put(Readable.from(['ab', new Uint8Array([99, 100]), Buffer.from('é')]));
      expect((await readAll(await storage.get(r.sha256))).toString()).toBe('abcdé');
      const empty = await storage.put(Readable.from([]));
      expect(empty).toMatchObject({ sha256: sha256Of(''), size: 0, created: true });
      expect((await readAll(await storage.get(empty.sha256, { verify: true }))).length).toBe(0);
    });

    it('is idempotent: a second put of the same bytes reports created:false', async () => {
      const data = randomBytes(10_000);
      const first = await storage.put(data);
      const again = await storage.put(slowSource(data), { expectedSha256: first.sha256 });
      expect(again).toEqual({ ...first, created: false });
      await expectNothingLeft([first.sha256]);
    });

    it('rejects a wrong expectedSha256 / expectedSize and leaves nothing behind', async () => {
      const data = randomBytes(200_000);
      const wrong = sha256Of('something else');
      await expectStorageError(storage.put(slowSource(data), { expectedSha256: wrong }), 'storage_digest_mismatch');
      await expectStorageError(storage.put(data, { expectedSize: data.length + 1 }), 'storage_digest_mismatch');
      await expectStorageError(storage.put(slowSource(data), { expectedSize: data.length - 1 }), 'storage_digest_mismatch');
      expect(await storage.head(sha256Of(data))).toBeNull();
      await expectNothingLeft();
    });

    it('cuts off an endless source as soon as it exceeds expectedSize', async () => {
      const endless = Readable.from((function* () { for (;;) yield Buffer.alloc(64 * 1024, 1); })());
      await expectStorageError(storage.put(endless, { expectedSize: MB }), 'storage_digest_mismatch');
      await expectNothingLeft();
    });

    it('fails with the source error when the source breaks mid-stream, leaving nothing', async () => {
      const kept = await storage.put(Buffer.from('kept'));
      await expect(storage.put(failingSource(2 * MB))).rejects.toThrow('source broke mid-stream');
      await expectNothingLeft([kept.sha256]);
    });

    it('reports missing objects: get → storage_not_found, head → null, verify → not ok', async () => {
      const missing = sha256Of('never stored');
      await expectStorageError(storage.get(missing), 'storage_not_found');
      await expectStorageError(storage.get(missing, { verify: true }), 'storage_not_found');
      expect(await storage.head(missing)).toBeNull();
      expect(await storage.verify(missing)).toEqual({ ok: false });
      expect(await storage.delete(missing)).toBe(false);
    });

    it('rejects malformed keys (path traversal, upper case, wrong length) everywhere', async () => {
      await storage.put(Buffer.from('x'));
      for (const key of [...INVALID_KEYS, 42 as unknown as string]) {
        await expectStorageError(storage.get(key), 'storage_invalid_key');
        await expectStorageError(storage.head(key), 'storage_invalid_key');
        await expectStorageError(storage.delete(key), 'storage_invalid_key');
        await expectStorageError(storage.verify(key), 'storage_invalid_key');
        await expectStorageError(storage.put(Buffer.from('y'), { expectedSha256: key }), 'storage_invalid_key');
      }
      await expectNothingLeft([sha256Of('x')]);
    });

    it('detects a flipped bit: get({verify}) errors at the end, verify() is not ok', async () => {
      const data = randomBytes(500_000);
      const { sha256 } = await storage.put(data);
      await fx.corrupt(sha256);
      const raw = await readAll(await storage.get(sha256));
      expect(raw.length).toBe(data.length);
      expect(raw.equals(data)).toBe(false);
      await expectStorageError(readAll(await storage.get(sha256, { verify: true })), 'storage_digest_mismatch');
      expect(await storage.verify(sha256)).toEqual({ ok: false, actualSha256: sha256Of(raw), actualSm3: sm3Of(raw), size: data.length });
    });

    it('stores a 50 MB stream with bounded memory and reads it back verified', async () => {
      const size = 50 * MB;
      const [sha, sm3] = [createHash('sha256'), createHash('sm3')];
      for await (const c of generated(size)) {
        sha.update(c as Buffer);
        sm3.update(c as Buffer);
      }
      const expected = { sha256: sha.digest('hex'), sm3: sm3.digest('hex') };
      // Samples (each after a forced GC) every 2 MB pulled or read, plus every 250 ms in between.
      const probe = memoryProbe();
      const timer = setInterval(probe.sample, 250);
      const hash = createHash('sha256');
      let r;
      try {
        r = await storage.put(generated(size, (i) => i % 32 === 0 && probe.sample()), { expectedSize: size });
        let i = 0;
        for await (const c of await storage.get(r.sha256, { verify: true })) {
          if (i++ % 32 === 0) probe.sample();
          hash.update(c as Buffer);
        }
      } finally {
        clearInterval(timer);
      }
      expect(r).toEqual({ ...expected, size, created: true });
      expect(hash.digest('hex')).toBe(r.sha256);
      if (!fx.holdsObjectsInMemory) expect(probe.peakMB(), 'MB retained during put/get').toBeLessThan(20);
      await expectNothingLeft([r.sha256]);
    });

    it('survives concurrent puts of the same bytes, and of different bytes', async () => {
      const data = randomBytes(MB);
      const same = await Promise.all(Array.from({ length: 8 }, () => storage.put(slowSource(data))));
      expect(new Set(same.map((r) => r.sha256))).toEqual(new Set([sha256Of(data)]));
      expect(same.some((r) => r.created)).toBe(true);
      expect(await storage.verify(sha256Of(data))).toMatchObject({ ok: true, size: MB });
      const blobs = Array.from({ length: 8 }, () => randomBytes(100_000));
      await Promise.all(blobs.map((b) => storage.put(slowSource(b))));
      await expectNothingLeft([data, ...blobs].map(sha256Of).sort());
    });

    describe('putFile: adopting a file the caller wrote and hashed', () => {
      let dir: string;
      beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'lantai-adopt-'))));
      afterEach(() => rm(dir, { recursive: true, force: true }));
      let n = 0;
      const written = async (data: Buffer) => {
        const path = join(dir, `f${n++}.bin`);
        await writeFile(path, data);
        return { path, digests: { sha256: sha256Of(data), sm3: sm3Of(data), size: data.length } };
      };

      it('stores the file readable and verified; the caller keeps its file, and may remove it', async () => {
        const data = randomBytes(300_000);
        const f = await written(data);
        const r = await storage.putFile(f.path, f.digests);
        expect(r).toEqual({ ...f.digests, created: true });
        expect((await readAll(await storage.get(r.sha256, { verify: true }))).equals(data)).toBe(true);
        expect(await storage.head(r.sha256)).toEqual({ size: data.length });
        expect((await readFile(f.path)).equals(data)).toBe(true);
        await rm(f.path); // the caller's clean-up of its work folder
        expect(await storage.verify(r.sha256)).toEqual({ ok: true, actualSha256: r.sha256, actualSm3: r.sm3, size: data.length });
        const empty = await written(Buffer.alloc(0));
        expect(await storage.putFile(empty.path, empty.digests)).toEqual({ ...empty.digests, created: true });
        expect(await storage.verify(empty.digests.sha256)).toMatchObject({ ok: true, size: 0 });
        await expectNothingLeft([r.sha256, empty.digests.sha256].sort());
      });

      it('is idempotent: the same file again, another file of the same bytes, and put() of them report created:false', async () => {
        const data = randomBytes(50_000);
        const [a, b] = [await written(data), await written(data)];
        expect((await storage.putFile(a.path, a.digests)).created).toBe(true);
        expect(await storage.putFile(a.path, a.digests)).toEqual({ ...a.digests, created: false });
        expect(await storage.putFile(b.path, b.digests)).toEqual({ ...b.digests, created: false });
        expect(await storage.put(data)).toEqual({ ...a.digests, created: false });
        const other = randomBytes(1000);
        await storage.put(other);
        const c = await written(other);
        expect((await storage.putFile(c.path, c.digests)).created).toBe(false);
        await expectNothingLeft([data, other].map(sha256Of).sort());
      });

      it('rejects a size or SHA-256 the file does not have (also a file changed after hashing), leaving nothing behind', async () => {
        const data = randomBytes(200_000);
        const f = await written(data);
        await expectStorageError(storage.putFile(f.path, { ...f.digests, size: data.length + 1 }), 'storage_digest_mismatch');
        await expectStorageError(storage.putFile(f.path, { ...f.digests, size: data.length - 1 }), 'storage_digest_mismatch');
        const same = randomBytes(data.length); // same size, other bytes: a mislabelled file
        await expectStorageError(storage.putFile(f.path, { sha256: sha256Of(same), sm3: sm3Of(same), size: data.length }), 'storage_digest_mismatch');
        const changed = Buffer.from(data);
        changed[1000]! ^= 0x01; // the file is altered between the writing pass that hashed it and the adoption
        await writeFile(f.path, changed);
        await expectStorageError(storage.putFile(f.path, f.digests), 'storage_digest_mismatch');
        for (const b of [data, same, changed]) expect(await storage.head(sha256Of(b))).toBeNull();
        await expectNothingLeft();
      });

      it('refuses an SM3 the bytes do not have (adapters that stream) or takes it on trust (local disk)', async () => {
        const f = await written(randomBytes(20_000));
        const p = storage.putFile(f.path, { ...f.digests, sm3: sm3Of('not these bytes') });
        if (fx.adoptTrustsSm3) return void (await p);
        await expectStorageError(p, 'storage_digest_mismatch');
        await expectNothingLeft();
      });

      it('rejects malformed digests and a missing file, leaving nothing', async () => {
        const f = await written(Buffer.from('x'));
        for (const key of INVALID_KEYS) await expectStorageError(storage.putFile(f.path, { ...f.digests, sha256: key }), 'storage_invalid_key');
        await expect(storage.putFile(f.path, { ...f.digests, sm3: 'SM3' })).rejects.toThrow(RangeError);
        await expect(storage.putFile(f.path, { ...f.digests, size: -1 })).rejects.toThrow(RangeError);
        await expect(storage.putFile(join(dir, 'missing'), f.digests)).rejects.toMatchObject({ code: 'ENOENT' });
        await expectNothingLeft();
      });

      it('survives concurrent adoptions of the same bytes (one file and several) beside puts, and of different bytes', async () => {
        const data = randomBytes(MB);
        const files = await Promise.all(Array.from({ length: 6 }, () => written(data)));
        const all = await Promise.all([
          ...files.map((f) => storage.putFile(f.path, f.digests)),
          ...Array.from({ length: 3 }, () => storage.putFile(files[0]!.path, files[0]!.digests)),
          storage.put(slowSource(data)),
        ]);
        expect(new Set(all.map((r) => r.sha256))).toEqual(new Set([sha256Of(data)]));
        expect(all.filter((r) => r.created).length).toBeGreaterThanOrEqual(1);
        expect(await storage.verify(sha256Of(data))).toMatchObject({ ok: true, size: MB });
        const blobs = await Promise.all(Array.from({ length: 8 }, () => written(randomBytes(100_000))));
        await Promise.all(blobs.map((f) => storage.putFile(f.path, f.digests)));
        for (const f of blobs) expect((await storage.verify(f.digests.sha256)).ok).toBe(true);
        await expectNothingLeft([sha256Of(data), ...blobs.map((f) => f.digests.sha256)].sort());
      });
    });

    describe('putFiles: adopting a batch (an accepted package)', () => {
      let dir: string;
      beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'lantai-batch-'))));
      afterEach(() => rm(dir, { recursive: true, force: true }));
      let n = 0;
      const written = async (data: Buffer) => {
        const absPath = join(dir, `b${n++}.bin`);
        await writeFile(absPath, data);
        return { absPath, digests: { sha256: sha256Of(data), sm3: sm3Of(data), size: data.length } };
      };
      const batch = (count: number) => Promise.all(Array.from({ length: count }, (_, i) => written(randomBytes(1000 + i * 37))));

      for (const size of [5, 40]) {
        it(`stores every file of a batch of ${size}, in order, with created:false for bytes already stored or twice in the batch`, async () => {
          const files = await batch(size);
          const before = files[1]!;
          await storage.putFile(before.absPath, before.digests);
          const twin = await written(await readFile(files[3]!.absPath));
          const results = await storage.putFiles([...files, twin]);
          expect(results.map((r) => r.sha256)).toEqual([...files, twin].map((f) => f.digests.sha256));
          expect(results.map((r) => r.created)).toEqual([...files.map((_, i) => i !== 1), false]);
          for (const [i, f] of files.entries()) {
            expect(results[i]).toEqual({ ...f.digests, created: i !== 1 });
            expect(await storage.verify(f.digests.sha256)).toMatchObject({ ok: true, size: f.digests.size });
            expect((await readFile(f.absPath)).length).toBe(f.digests.size); // the caller keeps its files
          }
          expect(await storage.putFiles(files)).toEqual(files.map((f) => ({ ...f.digests, created: false })));
          await expectNothingLeft(files.map((f) => f.digests.sha256).sort());
        });

        it(`is all or nothing: one file refused in a batch of ${size} leaves no object of the batch`, async () => {
          const files = await batch(size);
          const kept = await written(randomBytes(5000));
          await storage.putFile(kept.absPath, kept.digests);
          const wrongSize = files.map((f, i) => (i === size - 2 ? { ...f, digests: { ...f.digests, size: f.digests.size + 1 } } : f));
          await expectStorageError(storage.putFiles([kept, ...wrongSize]), 'storage_digest_mismatch');
          const other = randomBytes(files[2]!.digests.size);
          const mislabelled = files.map((f, i) => (i === 2 ? { ...f, digests: { sha256: sha256Of(other), sm3: sm3Of(other), size: other.length } } : f));
          await expectStorageError(storage.putFiles(mislabelled), 'storage_digest_mismatch');
          await expect(storage.putFiles([...files, { ...files[0]!, absPath: join(dir, 'missing') }])).rejects.toMatchObject({ code: 'ENOENT' });
          await expectStorageError(storage.putFiles([...files, { ...files[0]!, digests: { ...files[0]!.digests, sha256: '../x' } }]), 'storage_invalid_key');
          expect(await collect(storage.list())).toEqual([kept.digests.sha256]);
          await expectNothingLeft([kept.digests.sha256]);
        });
      }
    });

    it('deletes: the object is gone from get/head/list and can be stored again', async () => {
      const a = await storage.put(Buffer.from('a'));
      const b = await storage.put(Buffer.from('b'));
      expect(await storage.delete(a.sha256)).toBe(true);
      expect(await storage.head(a.sha256)).toBeNull();
      await expectStorageError(storage.get(a.sha256), 'storage_not_found');
      expect(await collect(storage.list())).toEqual([b.sha256]);
      expect(await storage.delete(a.sha256)).toBe(false);
      expect((await storage.put(Buffer.from('a'))).created).toBe(true);
    });
  });
}
