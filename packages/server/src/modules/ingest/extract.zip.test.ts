import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from './extract.zip.ts';
import { UnsafePackageError } from './package.errors.ts';
import { createHash } from 'node:crypto';
import { zipBuffer } from './test/zip.writer.ts';

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'extract-zip-'));
afterAll(async () => { await fs.rm(work, { recursive: true, force: true }); });
const list = async (dir: string): Promise<string[]> => (await fs.readdir(dir, { recursive: true })).map(String).sort();

describe('extractZip writes small files while reading the next entries', () => {
  it('every one of 300 files lands whole, with the digests of its bytes', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ name: `d${i % 7}/f${i}.txt`, data: Buffer.alloc(1000 + i, i % 251) }));
    const zip = path.join(work, 'ok.zip');
    await fs.writeFile(zip, zipBuffer(entries));
    const out = await extractZip(zip, path.join(work, 'ok'));
    expect(out.files.map((f) => f.path)).toEqual(entries.map((e) => e.name));
    for (const [i, f] of out.files.entries()) {
      const bytes = await fs.readFile(f.absPath);
      expect(bytes.equals(entries[i]!.data)).toBe(true);
      for (const a of ['md5', 'sha256', 'sm3'] as const) expect(f.digests[a]).toBe(createHash(a).update(bytes).digest('hex'));
    }
  });

  it('large entries (over 4 MiB), stored and deflated, are read straight from the zip and land whole', async () => {
    const { randomBytes } = await import('node:crypto');
    const stored = randomBytes(5 * 1024 * 1024 + 17);
    const deflated = Buffer.from(randomBytes(7 * 1024 * 1024 + 3).toString('base64')); // compresses, but not like a bomb
    const zip = path.join(work, 'large.zip');
    await fs.writeFile(zip, zipBuffer([{ name: 'a/stored.bin', data: stored, store: true }, { name: 'b/deflated.txt', data: deflated }]));
    expect((await fs.stat(zip)).size).toBeLessThan(stored.length + deflated.length * 0.9); // the text was compressed
    const out = await extractZip(zip, path.join(work, 'large'));
    for (const [f, want] of [[out.files[0]!, stored], [out.files[1]!, deflated]] as const) {
      expect((await fs.readFile(f.absPath)).equals(want)).toBe(true);
      expect(f.size).toBe(want.length);
      expect(f.digests.sm3).toBe(createHash('sm3').update(want).digest('hex'));
    }
  });

  it('a write that fails refuses the package, and no write lands after extractZip has returned', async () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({ name: `f${i}.txt`, data: `file ${i}` }));
    const zip = path.join(work, 'bad.zip');
    await fs.writeFile(zip, zipBuffer(entries));
    const dest = path.join(work, 'bad');
    await fs.mkdir(dest);
    await fs.writeFile(path.join(dest, 'f120.txt'), 'already here'); // the exclusive create of entry 120 fails
    const err = await extractZip(zip, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafePackageError);
    const after = await list(dest);
    await new Promise((r) => setTimeout(r, 100));
    expect(await list(dest)).toEqual(after);
    expect(await fs.readFile(path.join(dest, 'f120.txt'), 'utf8')).toBe('already here');
  });
});
