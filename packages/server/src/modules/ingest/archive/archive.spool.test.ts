import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReceipt, verifyReceipt, type ArchiveReceiptBody } from './receipt.ts';
import { SpoolLimitError, spoolFiles, type SpoolPart } from './spool.ts';

let root: string;
let port = 0;
const app = Fastify();
const dirs: string[] = [];
let lastError: Promise<unknown> = Promise.resolve();

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-spool-'));
  await app.register(multipart, { limits: { fileSize: 64 * 1024, files: 3 } });
  app.post('/spool', async (req, reply) => {
    const dir = path.join(root, `req-${dirs.length}`);
    dirs.push(dir);
    const job = spoolFiles(req.files() as AsyncIterable<SpoolPart>, dir, { maxFiles: 2 });
    lastError = job.then(() => null, (e) => e);
    try {
      return { files: (await job).map((f) => ({ name: f.name, size: f.size, sha256: f.digests.sha256 })) };
    } catch (e) {
      if (e instanceof SpoolLimitError) return reply.code(413).send({ code: e.limit });
      return reply.code(500).send({ err: String(e) });
    }
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => { await app.close(); await fs.rm(root, { recursive: true, force: true }); });

function body(files: { name: string; bytes: Buffer }[]) {
  const b = 'b' + randomBytes(8).toString('hex');
  const parts = files.map((f) => Buffer.concat([Buffer.from(`--${b}\r\ncontent-disposition: form-data; name="file"; filename="${f.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`), f.bytes, Buffer.from('\r\n')]));
  return { payload: Buffer.concat([...parts, Buffer.from(`--${b}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}
const exists = (p: string) => fs.stat(p).then(() => true, () => false);

describe('multipart spool for 单套制 归档', () => {
  it('streams files to disk with their digests, names made safe', async () => {
    const a = randomBytes(5000);
    const r = await app.inject({ method: 'POST', url: '/spool', ...body([{ name: '../../公文.pdf', bytes: a }, { name: 'b.txt', bytes: Buffer.from('x') }]) });
    expect(r.body).toContain('files');
    expect(r.statusCode).toBe(200);
    const files = r.json().files;
    expect(files[0]).toEqual({ name: '公文.pdf', size: 5000, sha256: createHash('sha256').update(a).digest('hex') });
    expect(await fs.readFile(path.join(dirs.at(-1)!, '公文.pdf'))).toEqual(a);
  });

  it('an oversize file is refused and nothing stays on disk', async () => {
    const r = await app.inject({ method: 'POST', url: '/spool', ...body([{ name: 'big.bin', bytes: randomBytes(64 * 1024 + 1) }]) });
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('fileSize');
    expect(await exists(dirs.at(-1)!)).toBe(false);
  });

  it('more files than allowed is refused and cleaned', async () => {
    const f = { name: 'a.txt', bytes: Buffer.from('a') };
    const r = await app.inject({ method: 'POST', url: '/spool', ...body([f, f, f]) });
    expect(r.statusCode).toBe(413);
    expect(await exists(dirs.at(-1)!)).toBe(false);
  });

  it('a client that disconnects mid-upload leaves no temp files', async () => {
    const { payload, headers } = body([{ name: 'half.bin', bytes: randomBytes(60 * 1024) }]);
    const before = dirs.length;
    await new Promise<void>((resolve) => {
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/spool', headers: { ...headers, 'content-length': payload.length } });
      req.on('error', () => resolve());
      req.write(payload.subarray(0, 20 * 1024));
      const wait = setInterval(() => { if (dirs.length > before) { clearInterval(wait); setTimeout(() => { req.destroy(); resolve(); }, 50); } }, 10);
    });
    for (let i = 0; i < 100 && dirs.length === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await lastError).toBeInstanceOf(Error);
    expect(await exists(dirs.at(-1)!)).toBe(false);
  });
});

describe('archive receipt', () => {
  const key = Buffer.from('k'.repeat(32));
  const body0: ArchiveReceiptBody = {
    kind: 'lantai.archive-receipt/1', idempotencyKey: 'k-1', requestSha256: 'ee', status: 'accepted', fonds: 'Z001', category: 'WS', reason: null, archivalCode: 'Z001-WS·2026-Y-0001', recordId: '00000000-0000-4000-8000-000000000001', verdict: 'pass',
    files: [{ name: 'a.pdf', size: 3, sha256: 'aa', sm3: 'bb' }], report: { runId: '00000000-0000-4000-8000-000000000002', sha256: 'cc', sm3: 'dd', pdfSha256: null }, issuedAt: '2026-11-25T23:00:00.000Z',
  };
  it('verifies when untouched, key order does not matter', () => {
    const r = signReceipt(body0, key, 'k1');
    expect(r.digest.value).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(JSON.stringify({ ...r, body: Object.fromEntries(Object.entries(r.body).reverse()) }));
    expect(verifyReceipt(reordered, key)).toEqual({ digestOk: true, signatureOk: true });
  });
  it('fails on a changed 档号, a forged digest or another key', () => {
    const r = signReceipt(body0, key, 'k1');
    expect(verifyReceipt({ ...r, body: { ...r.body, archivalCode: 'Z001-WS·2026-Y-0002' } }, key).digestOk).toBe(false);
    const forged = signReceipt({ ...body0, verdict: 'fail' }, key, 'k1');
    expect(verifyReceipt({ ...forged, signature: r.signature }, key).signatureOk).toBe(false);
    expect(verifyReceipt(r, Buffer.from('x'.repeat(32))).signatureOk).toBe(false);
  });
});
