import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError } from '../../http/errors.ts';
import type { IiifRequest } from './iiif.params.ts';

const run = promisify(execFile);
/** PDF pages are rasterised at this resolution for the portal viewer (A4 → 1240 × 1754). */
const PDF_DPI = 150;
const MAX_SOURCE = 200 * 1024 * 1024;
interface Raster { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 }
interface StoredFile { id: string; sha256: string; mime: string; size: number }

/**
 * Decoded page rasters for the IIIF endpoints, kept in a small LRU (tiles of one page come in bursts), with the
 * page counts of PDFs. Only files the caller has already checked are published reach here.
 */
export function createIiifSource(storage: ObjectStorage, maxEntries = 6) {
  const rasters = new Map<string, Promise<Raster>>();
  const counts = new Map<string, Promise<number>>();

  async function bytes(f: StoredFile) {
    if (f.size > MAX_SOURCE) throw new DomainError('not_found', 404);
    const chunks: Buffer[] = [];
    for await (const c of await storage.get(f.sha256, { verify: true })) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function withTemp<T>(buf: Buffer, fn: (file: string, dir: string) => Promise<T>) {
    const dir = await mkdtemp(path.join(tmpdir(), 'lantai-portal-'));
    try {
      await writeFile(path.join(dir, 'src.pdf'), buf);
      return await fn(path.join(dir, 'src.pdf'), dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  function pages(f: StoredFile): Promise<number> {
    if (f.mime !== 'application/pdf') return Promise.resolve(1);
    let p = counts.get(f.sha256);
    if (!p) {
      p = bytes(f).then((b) => withTemp(b, async (file) => Number(/^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [file], { timeout: 30_000 })).stdout)?.[1] ?? 0)));
      p.catch(() => counts.delete(f.sha256));
      counts.set(f.sha256, p);
      if (counts.size > 1000) counts.delete(counts.keys().next().value!);
    }
    return p;
  }

  async function decode(f: StoredFile, page: number): Promise<Raster> {
    const buf = await bytes(f);
    let img: Buffer = buf;
    if (f.mime === 'application/pdf') {
      img = await withTemp(buf, async (file, dir) => {
        await run('pdftoppm', ['-r', String(PDF_DPI), '-f', String(page), '-l', String(page), '-singlefile', '-jpeg', file, path.join(dir, 'page')], { timeout: 60_000 });
        return readFile(path.join(dir, 'page.jpg'));
      });
    }
    const { data, info } = await sharp(img, { limitInputPixels: 200_000_000 }).rotate().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  }

  function raster(f: StoredFile, page: number): Promise<Raster> {
    const key = `${f.sha256}:${page}`;
    let r = rasters.get(key);
    if (r) {
      rasters.delete(key); // most recently used goes last
    } else {
      r = decode(f, page);
      r.catch(() => rasters.delete(key));
    }
    rasters.set(key, r);
    while (rasters.size > maxEntries) rasters.delete(rasters.keys().next().value!);
    return r;
  }

  async function render(r: Raster, q: IiifRequest): Promise<Buffer> {
    let img = sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } })
      .extract({ left: q.region.x, top: q.region.y, width: q.region.w, height: q.region.h })
      .resize(q.size.w, q.size.h, { fit: 'fill' });
    if (q.mirror) img = img.flop();
    if (q.rotation) img = img.rotate(q.rotation);
    if (q.quality === 'gray') img = img.grayscale();
    return q.format === 'png' ? img.png().toBuffer() : q.format === 'webp' ? img.webp({ quality: 80 }).toBuffer() : img.jpeg({ quality: 82 }).toBuffer();
  }

  return { pages, raster, render };
}
export type IiifSource = ReturnType<typeof createIiifSource>;
