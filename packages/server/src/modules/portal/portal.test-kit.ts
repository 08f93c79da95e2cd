import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import type { TestApp } from '../../../test/app.ts';

/** Uploads a file to a record through the API (multipart), as the given user. */
export async function uploadFile(t: TestApp, headers: Record<string, string>, recordId: string, filename: string, bytes: Buffer) {
  const boundary = '----lantai' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await t.app.inject({ method: 'POST', url: `/api/records/${recordId}/files`, payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (r.statusCode !== 200) throw new Error(`upload: ${r.body}`);
  return r.json().id as string;
}

/** A scan-like JPEG: a gradient page with dark bars, width × height. */
export async function scanJpeg(width = 1200, height = 1700) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#f4ecd8"/><stop offset="1" stop-color="#e0d2b0"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${Array.from({ length: 12 }, (_, i) => `<rect x="120" y="${200 + i * 110}" width="${width - 240 - (i % 3) * 150}" height="28" fill="#333"/>`).join('')}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** A PDF of n A4 pages with a heading on each. */
export async function pdfPages(n: number): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (let i = 1; i <= n; i++) doc.addPage().fontSize(40).text(`Page ${i}`, 100, 100).rect(100, 200, 300, 400).stroke();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
