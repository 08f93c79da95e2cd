import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { SaxesParser } from 'saxes';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { extractTar } from './bag.extract.ts';

/** A multipart body with one file part. */
export function multipart(filename: string, bytes: Buffer, mime = 'application/octet-stream') {
  const boundary = `----lantai${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const body = Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An archived 件 with the given files, made through the API as an archivist would. */
export async function archivedRecord(app: FastifyInstance, headers: Record<string, string>, files: [string, Buffer][], over: Record<string, unknown> = {}) {
  const f = await buildFonds(app, headers);
  const r = await app.inject({ method: 'POST', url: '/api/records', headers, payload: wsRecord(f.categoryId, over) });
  if (r.statusCode !== 200) throw new Error(r.body);
  const id = r.json().id as string;
  for (const [name, bytes] of files) {
    const m = multipart(name, bytes);
    const up = await app.inject({ method: 'POST', url: `/api/records/${id}/files`, headers: { ...headers, ...m.headers }, payload: m.payload });
    if (up.statusCode !== 200) throw new Error(up.body);
  }
  const a = await app.inject({ method: 'POST', url: '/api/records/archive', headers, payload: { ids: [id] } });
  if (a.statusCode !== 200) throw new Error(a.body);
  return { ...f, id };
}

/** Unpacks tar bytes into a fresh temp folder and returns the bag root. */
export async function unpackTar(bytes: Buffer) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aip-test-'));
  await writeFile(path.join(dir, 'x.tar'), bytes);
  return extractTar(Readable.from([bytes]), path.join(dir, 'bag'));
}

/** Parses XML strictly (saxes): throws on anything not well-formed; returns element names with their text. */
export function parseXml(xml: string) {
  const p = new SaxesParser({ xmlns: true });
  const elements: { name: string; text: string; attrs: Record<string, string> }[] = [];
  const stack: { name: string; text: string; attrs: Record<string, string> }[] = [];
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const attrs = Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : v.value]));
    stack.push({ name: t.name, text: '', attrs });
  });
  p.on('text', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  p.on('closetag', () => elements.push(stack.pop()!));
  p.write(xml).close();
  return elements;
}
