import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import type { TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

/** Helpers shared by the access tests: records with files, and a request carried to approval. */
export function multipart(headers: Record<string, string>, filename: string, bytes: Buffer) {
  const boundary = '----lantai' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A light-grey "scan" with a dark bar and some noise, as a JPEG. */
export const scanJpeg = (width = 620, height = 877) =>
  sharp({ create: { width, height, channels: 3, background: '#e1e1e1', noise: { type: 'gaussian', mean: 225, sigma: 12 } } })
    .composite([{ input: Buffer.from(`<svg width="${width}" height="${height}"><rect x="${width / 10}" y="${height / 10}" width="${width * 0.8}" height="${height / 40}" fill="#222"/></svg>`) }])
    .jpeg({ quality: 88 }).toBuffer();

export async function twoPagePdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const end = new Promise((r) => doc.on('end', r));
  doc.fontSize(30).text('Page one');
  doc.addPage().fontSize(30).text('Page two');
  doc.end();
  await end;
  return Buffer.concat(chunks);
}

export async function recordWithFile(t: TestApp, headers: Record<string, string>, o: { security?: string; file?: { name: string; bytes: Buffer }; fondsCode?: string } = {}) {
  const { categoryId, fondsCode } = await buildFonds(t.app, headers, 'WS', o.fondsCode);
  const r = await t.app.inject({ method: 'POST', url: '/api/records', headers, payload: wsRecord(categoryId, { security: o.security ?? 'public' }) });
  if (r.statusCode !== 200) throw new Error(`record: ${r.body}`);
  const id = r.json().id as string;
  if (o.file) {
    const up = await t.app.inject({ method: 'POST', url: `/api/records/${id}/files`, ...multipart(headers, o.file.name, o.file.bytes) });
    if (up.statusCode !== 200) throw new Error(`file: ${up.body}`);
  }
  return { id, fondsCode };
}

export const json = (res: { statusCode: number; body: string; json(): unknown }) => {
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/** Submits as the reader, attaches records as archivist a, approves by a then b (then c when a third step exists). */
export async function approvedRequest(t: TestApp, reader: { headers: Record<string, string> }, deciders: { headers: Record<string, string> }[], recordIds: string[], body: Record<string, unknown> = {}) {
  const req = json(await t.app.inject({ method: 'POST', url: '/api/access/requests', headers: reader.headers, payload: { purpose: 'marriage', content: '1985 年 张三 李四 婚姻登记档案', ...body } }));
  let cur = json(await t.app.inject({ method: 'PUT', url: `/api/access/requests/${req.id}/items`, headers: deciders[0]!.headers, payload: { recordIds } }));
  for (let i = 0; i < cur.steps.length; i++) {
    cur = json(await t.app.inject({ method: 'POST', url: `/api/access/requests/${req.id}/decisions`, headers: deciders[i]!.headers, payload: { decision: 'approve', stepIndex: i } }));
  }
  return cur;
}
