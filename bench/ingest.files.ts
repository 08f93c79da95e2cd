// Test files for the ingest benches: real 10–100 KB PDFs (pdfkit text pages; one in four a scanned page, i.e. a
// JPEG image) and JPEGs (document-like grey pages with text lines), made unique per file without breaking them
// (a PDF gets a comment after %%EOF, a JPEG a COM segment after SOI), so the store never deduplicates them.
import { randomBytes } from 'node:crypto';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/** A document-like page: white with dark "text" lines and a little noise (compresses like a scan). */
export async function pageJpeg(width: number, height: number, quality: number, seed: number): Promise<Buffer> {
  const px = Buffer.alloc(width * height, 250);
  let s = seed * 2654435761;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let y = Math.floor(height * 0.08); y < height * 0.92; y += 14 + Math.floor(rnd() * 6)) {
    let x = Math.floor(width * 0.08);
    const end = width * (0.6 + rnd() * 0.32);
    while (x < end) {
      const w = 4 + Math.floor(rnd() * 30);
      for (let yy = y; yy < y + 8; yy++) for (let xx = x; xx < Math.min(x + w, width); xx++) px[yy * width + xx] = 30 + Math.floor(rnd() * 60);
      x += w + 3 + Math.floor(rnd() * 8);
    }
  }
  for (let i = 0; i < px.length; i += 7) px[i] = px[i]! - Math.floor(rnd() * 12);
  return sharp(px, { raw: { width, height, channels: 1 } }).jpeg({ quality }).toBuffer();
}

function textPdf(lines: number, seed: number, image?: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ compress: false, info: { Title: `Bench ${seed}` } });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    if (image) doc.image(image, 36, 36, { width: 540 });
    else for (let l = 0; l < lines; l++) doc.fontSize(9).text(`Record ${seed} line ${l}: the quick brown fox jumps over the lazy dog ${l * seed}`);
    doc.end();
  });
}

/** `n` distinct templates of each kind, sizes spread over 10–100 KB. */
export async function templates(n: number) {
  const pdfs: Buffer[] = [];
  const jpegs: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const k = i / Math.max(1, n - 1);
    const scan = i % 4 === 3;
    const img = scan ? await pageJpeg(420 + Math.floor(k * 300), 594 + Math.floor(k * 420), 35 + Math.floor(k * 15), i) : undefined;
    pdfs.push(await textPdf(40 + Math.floor(k * 330), i + 1, img));
    jpegs.push(await pageJpeg(300 + Math.floor(k * 420), 424 + Math.floor(k * 594), 35 + Math.floor(k * 20), 1000 + i));
  }
  return { pdfs, jpegs };
}

/** A unique copy of a template (see the header). */
export function unique(t: Buffer, kind: 'pdf' | 'jpg', i: number): Buffer {
  const tag = `lantai-bench ${i} ${randomBytes(6).toString('hex')}`;
  if (kind === 'pdf') return Buffer.concat([t, Buffer.from(`%${tag}\n`)]);
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(tag.length + 2, 2);
  return Buffer.concat([t.subarray(0, 2), com, Buffer.from(tag), t.subarray(2)]);
}
