import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { DomainError } from '../../http/errors.ts';

const run = promisify(execFile);
const IMAGE = new Set(['image/jpeg', 'image/png', 'image/tiff', 'image/webp']);
/** PDF pages are rasterised at this resolution before they are marked (an access copy, not a preservation copy). */
export const PDF_DPI = 200;

export const deliverable = (mime: string) => IMAGE.has(mime) || mime === 'application/pdf';

/** Page count of a stored file: 1 for a still image, the frames of a TIFF, the pages of a PDF (pdfinfo). */
export async function pageCount(bytes: Buffer, mime: string): Promise<number> {
  if (IMAGE.has(mime)) return (await sharp(bytes).metadata()).pages ?? 1;
  if (mime !== 'application/pdf') return 0;
  return withTemp(bytes, async (file) => {
    const { stdout } = await run('pdfinfo', [file], { timeout: 30_000 });
    return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1] ?? 0);
  });
}

/** The page as an image buffer (1-based page number); a PDF page is rendered with poppler's pdftoppm. */
export async function pageImage(bytes: Buffer, mime: string, page: number): Promise<Buffer> {
  if (mime === 'image/tiff') return sharp(bytes, { page: page - 1 }).png({ compressionLevel: 0 }).toBuffer();
  if (IMAGE.has(mime)) return bytes;
  if (mime !== 'application/pdf') throw new DomainError('delivery_unsupported_file', 415);
  return withTemp(bytes, async (file, dir) => {
    await run('pdftoppm', ['-r', String(PDF_DPI), '-f', String(page), '-l', String(page), '-singlefile', '-jpeg', '-jpegopt', 'quality=90', file, path.join(dir, 'page')], { timeout: 60_000 });
    return readFile(path.join(dir, 'page.jpg'));
  });
}

async function withTemp<T>(bytes: Buffer, fn: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lantai-access-'));
  try {
    const file = path.join(dir, 'source.pdf');
    await writeFile(file, bytes);
    return await fn(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
