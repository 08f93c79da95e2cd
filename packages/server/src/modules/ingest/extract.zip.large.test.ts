import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixityCheck } from './checks/fixity.check.ts';
import { DigestWorkerError, digestWorkerForTest, SLOT } from './digest.offload.ts';
import { extractZip } from './extract.zip.ts';
import { openPackage } from './package.open.ts';
import { zipBuffer } from './test/zip.writer.ts';

// Large entries (over 4 MiB) go through the slot path: read (or inflated) into shared slots, SHA-256 here, SM3 in
// the worker, written from the same slots. MD5 only where the package declares it.

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'extract-large-'));
afterAll(async () => { await fs.rm(work, { recursive: true, force: true }); });
const hex = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex');
let n = 0;
const zipOf = async (entries: Parameters<typeof zipBuffer>[0]) => {
  const file = path.join(work, `z${++n}.zip`);
  await fs.writeFile(file, zipBuffer(entries));
  return file;
};

describe('large zip entries through the shared slots', () => {
  it('odd sizes around the slot boundaries, stored and deflated, land whole with the right SHA-256 and SM3', async () => {
    const sizes = [4 * SLOT + 1, 5 * SLOT - 1, 6 * SLOT, 9 * SLOT + 12_345, 17 * SLOT + 7]; // 17 slots: more than the pool
    const data = sizes.map((s, i) => (i % 2 ? Buffer.from(randomBytes(Math.ceil((s * 3) / 4)).toString('base64').slice(0, s)) : randomBytes(s)));
    const zip = await zipOf(data.map((d, i) => ({ name: `d/f${i}.bin`, data: d, store: i % 2 === 0 })));
    const out = await extractZip(zip, path.join(work, 'sizes'));
    expect(out.files.map((f) => f.size)).toEqual(sizes);
    for (const [i, f] of out.files.entries()) {
      expect((await fs.readFile(f.absPath)).equals(data[i]!), f.path).toBe(true);
      expect(f.digests).toEqual({ sha256: hex('sha256', data[i]!), sm3: hex('sm3', data[i]!) });
    }
  });

  it('a worker that dies mid-entry fails the extraction with a clear error, leaves no file, and the next one works', async () => {
    const data = randomBytes(64 * SLOT);
    const zip = await zipOf([{ name: 'big.bin', data, store: true }]);
    const dest = path.join(work, 'dies');
    const target = path.join(dest, 'big.bin');
    const run = extractZip(zip, dest).catch((e: unknown) => e);
    while (!existsSync(target)) await new Promise((r) => setTimeout(r, 1)); // the entry has started: kill SM3
    await digestWorkerForTest().terminate();
    const err = await run;
    expect(err).toBeInstanceOf(DigestWorkerError);
    expect((err as Error).message).toMatch(/SM3 digest worker failed/);
    expect(existsSync(target)).toBe(false);
    const again = await extractZip(zip, path.join(work, 'again'));
    expect(again.files[0]!.digests.sm3).toBe(hex('sm3', data));
  });

  it('openPackage passes a dead worker on as an error of the run (not a package finding) and removes what it extracted', async () => {
    const zip = await zipOf([{ name: 'a.txt', data: 'small' }, { name: 'big.bin', data: randomBytes(64 * SLOT), store: true }]);
    const workDir = path.join(work, 'open-dies');
    const run = openPackage({ kind: 'file', file: zip, filename: 'p.zip' }, workDir).catch((e: unknown) => e);
    while (!existsSync(path.join(workDir, 'pkg', 'big.bin'))) await new Promise((r) => setTimeout(r, 1));
    await digestWorkerForTest().terminate();
    expect(await run).toBeInstanceOf(DigestWorkerError);
    expect(existsSync(path.join(workDir, 'pkg'))).toBe(false);
  });

  it('MD5 of a large file is computed when the package declares it (BagIt manifest-md5), and fixity checks it', async () => {
    const big = randomBytes(6 * SLOT + 3);
    const bag = (md5: string) => zipOf([
      { name: 'bagit.txt', data: 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n' },
      { name: 'manifest-md5.txt', data: `${md5}  data/big.bin\n` },
      { name: 'data/big.bin', data: big, store: true },
    ]);
    const open = async (file: string) => openPackage({ kind: 'file', file, filename: 'bag.zip' }, path.join(work, `bag${++n}`));
    const good = await open(await bag(hex('md5', big)));
    expect(good.layout).toBe('bagit');
    const f = good.files.find((x) => x.path === 'data/big.bin')!;
    expect(f.digests).toEqual({ md5: hex('md5', big), sha256: hex('sha256', big), sm3: hex('sm3', big) });
    const items = async (pkg: typeof good) => fixityCheck.run.call(fixityCheck, { pkg } as never);
    expect((await items(good)).every((i) => i.outcome === 'pass')).toBe(true);
    const bad = await open(await bag('0'.repeat(32)));
    expect((await items(bad)).some((i) => i.outcome === 'fail' && i.subject === 'data/big.bin')).toBe(true);
  });
});
