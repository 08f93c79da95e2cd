import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from '../extract.zip.ts';
import { openPackage } from '../package.open.ts';
import { runChecks } from '../runner.ts';
import { CHECKS } from '../checks/index.ts';
import { zipBuffer } from '../test/zip.writer.ts';
import { cachedContent, contentCacheStats, keepContent, releaseContent } from './content.cache.ts';
import { identifyFormat } from './format.analyzer.ts';

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'content-cache-'));
afterAll(async () => { await fs.rm(work, { recursive: true, force: true }); });

describe('the extraction keeps small files in memory for the checks of the same run', () => {
  it('holds exactly the bytes it wrote, the checks read them, and the run releases them', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const zip = path.join(work, 'a.zip');
    await fs.writeFile(zip, zipBuffer([{ name: 'a.pdf', data: pdf }, { name: 'b.txt', data: Buffer.from('文本') }]));
    const before = contentCacheStats();
    const pkg = await openPackage({ kind: 'file', file: zip, filename: 'a.zip' }, path.join(work, 'w1'));
    expect(pkg.files).toHaveLength(2);
    for (const f of pkg.files) expect(cachedContent(f.absPath)?.equals(await fs.readFile(f.absPath))).toBe(true);
    expect(contentCacheStats().files).toBe(before.files + 2);
    // Identification from memory and from disk agree.
    const a = pkg.files.find((f) => f.path === 'a.pdf')!;
    const fromMemory = await identifyFormat(a.absPath, a.path);
    releaseContent([a.absPath]);
    expect(await identifyFormat(a.absPath, a.path)).toEqual(fromMemory);
    expect(fromMemory.id).toBe('pdf');
    await runChecks({ checks: CHECKS.filter((c) => !c.id.startsWith('virus')), pkg, stage: 'GD', config: {}, services: {}, signal: new AbortController().signal });
    expect(contentCacheStats()).toEqual(before);
  });

  it('a package refused while extracting leaves nothing held; big files and the process bound are respected', async () => {
    const before = contentCacheStats();
    const zip = path.join(work, 'slip.zip');
    await fs.writeFile(zip, zipBuffer([{ name: 'ok.txt', data: Buffer.from('x') }, { name: '../escape.txt', data: Buffer.from('y') }]));
    const pkg = await openPackage({ kind: 'file', file: zip, filename: 'slip.zip' }, path.join(work, 'w2'));
    expect(pkg.problems?.[0]).toMatchObject({ code: 'unsafe_path' });
    expect(contentCacheStats()).toEqual(before);
    keepContent('/nowhere/big', Buffer.alloc(5 * 1024 * 1024));
    expect(cachedContent('/nowhere/big')).toBeUndefined();
    const out = await extractZip(zip.replace('slip', 'a'), path.join(work, 'w3'));
    releaseContent(out.files.map((f) => f.absPath));
    expect(contentCacheStats()).toEqual(before);
  });
});
