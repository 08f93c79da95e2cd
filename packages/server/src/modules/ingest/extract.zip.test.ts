import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from './extract.zip.ts';
import { UnsafePackageError } from './package.errors.ts';
import { createHash } from 'node:crypto';
import { identifyFormat } from './analyzers/format.analyzer.ts';
import { DigestWorkerError } from './digest.offload.ts';
import { writeAndHash, writerWorkersForTest } from './extract.writer.ts';
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

describe('extractZip hands small files to the writer threads', () => {
  it('identifies each small file from its bytes as it is extracted, as the format check would from the disk', async () => {
    const root = path.resolve(import.meta.dirname, '../../../../../../shared/testdata');
    const picked = (await fs.readdir(root, { recursive: true, withFileTypes: true })).filter((d) => d.isFile())
      .map((d) => path.relative(root, path.join(d.parentPath, d.name))).filter((p) => /\.(pdf|jpe?g|ofd|tiff?|png|xml|mp3|wav|txt)$/i.test(p)).sort().filter((_, i) => i % 3 === 0);
    const entries: { name: string; data: Buffer; store?: boolean }[] = [];
    for (const p of picked) {
      const data = await fs.readFile(path.join(root, p));
      if (data.length <= 4 * 1024 * 1024) entries.push({ name: `t/${entries.length}-${path.basename(p)}`, data, store: true });
    }
    entries.push({ name: 'x/empty.pdf', data: Buffer.alloc(0) }, { name: 'x/notes.txt', data: Buffer.from('纯文本 plain text\n') },
      { name: 'x/tool.pdf', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]) },
      { name: 'x/big.pdf', data: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300 * 1024, 0x20), Buffer.from('pdfaid:part="2" pdfaid:conformance="B" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"')]) });
    const zip = path.join(work, 'formats.zip');
    await fs.writeFile(zip, zipBuffer(entries));
    const out = await extractZip(zip, path.join(work, 'formats'));
    expect(out.files.length).toBeGreaterThan(60);
    const ids = new Set<string>();
    for (const f of out.files) {
      const fromDisk = await identifyFormat(f.absPath, f.path);
      ids.add(fromDisk.id);
      if (fromDisk.id === 'ofd' || fromDisk.id === 'zip') expect(f.identified, f.path).toBeUndefined(); // a zip's directory is read from the disk
      else expect(f.identified, f.path).toEqual(fromDisk);
    }
    expect([...ids]).toEqual(expect.arrayContaining(['pdf', 'pdfa', 'jpeg', 'ofd', 'tiff', 'xml', 'mp3', 'empty', 'text', 'exe']));
  });

  it('writer threads that die with writes queued fail those writes as an error of the run, and new writers take over', async () => {
    const dir = path.join(work, 'writers');
    await fs.mkdir(dir);
    const data = Array.from({ length: 64 }, (_, i) => Buffer.alloc(256 * 1024, i));
    const queued = data.map((b, i) => writeAndHash(path.join(dir, `f${i}.bin`), Buffer.from(b)).then(() => 'written', (e: unknown) => e));
    await Promise.all(writerWorkersForTest().map((w) => w.terminate())); // while the writes are queued
    const outcomes = await Promise.all(queued); // every one settles: written before the kill, or refused
    const refused = outcomes.filter((o) => o !== 'written');
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(DigestWorkerError);
      expect((e as Error).message).toMatch(/file writer worker failed/);
    }
    const again = await extractZip(await zipOf(data.slice(0, 5)), path.join(work, 'writers-again'));
    expect(again.files.map((f) => f.digests.sha256)).toEqual(data.slice(0, 5).map((b) => createHash('sha256').update(b).digest('hex')));
  });
});

async function zipOf(data: Buffer[]) {
  const zip = path.join(work, `z${Math.random().toString(36).slice(2)}.zip`);
  await fs.writeFile(zip, zipBuffer(data.map((d, i) => ({ name: `f${i}.bin`, data: d, store: true }))));
  return zip;
}
