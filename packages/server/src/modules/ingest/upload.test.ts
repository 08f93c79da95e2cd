import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { uploadPath } from './ingest.paths.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await buildTestApp();
  h = (await signedIn(t, ['records_officer'])).headers;
}, 60_000);
afterAll(async () => { await t.close(); });

const create = (payload: Record<string, unknown>, headers = h) => t.app.inject({ method: 'POST', url: '/api/ingest/uploads', headers, payload });
const chunk = (id: string, offset: number, body: Buffer) => t.app.inject({ method: 'PUT', url: `/api/ingest/uploads/${id}/chunk?offset=${offset}`, headers: { ...h, 'content-type': 'application/octet-stream' }, payload: body });

describe('chunked, resumable upload', () => {
  it('stores chunks at their offsets, resumes from `received`, checks size and SHA-256 on complete', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `k-${randomUUID()}`;
    const u = (await create({ filename: 'big.zip', size: bytes.length, sha256, idempotencyKey: key })).json();
    expect(u).toMatchObject({ received: 0, status: 'open' });
    expect((await chunk(u.id, 0, bytes.subarray(0, 100_000))).json()).toEqual({ received: 100_000 });
    // A chunk sent again from an old offset, or one past the end, is refused with the offset to resume from.
    const stale = await chunk(u.id, 0, bytes.subarray(0, 100_000));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('ingest_offset_mismatch');
    // The same idempotency key gives the same upload (a client that lost its state resumes it).
    const again = (await create({ filename: 'big.zip', size: bytes.length, sha256, idempotencyKey: key })).json();
    expect(again).toMatchObject({ id: u.id, received: 100_000 });
    expect((await create({ filename: 'other.zip', size: 5, idempotencyKey: key })).json().code).toBe('ingest_idempotency_conflict');
    const early = await t.app.inject({ method: 'POST', url: `/api/ingest/uploads/${u.id}/complete`, headers: h });
    expect(early.json().code).toBe('ingest_size_mismatch');
    await chunk(u.id, 100_000, bytes.subarray(100_000));
    const done = (await t.app.inject({ method: 'POST', url: `/api/ingest/uploads/${u.id}/complete`, headers: h })).json();
    expect(done).toMatchObject({ status: 'complete', sha256, received: bytes.length });
    expect(await fs.readFile(uploadPath(t.c.config.dataDir, u.id))).toEqual(bytes);
    // Another user does not see it.
    const other = (await signedIn(t, ['records_officer'])).headers;
    expect((await t.app.inject({ url: `/api/ingest/uploads/${u.id}`, headers: other })).statusCode).toBe(404);
  });

  it('a wrong digest fails complete; an abort removes the bytes', async () => {
    const u = (await create({ filename: 'x.zip', size: 3, sha256: '0'.repeat(64), idempotencyKey: `k-${randomUUID()}` })).json();
    await chunk(u.id, 0, Buffer.from('abc'));
    expect((await t.app.inject({ method: 'POST', url: `/api/ingest/uploads/${u.id}/complete`, headers: h })).json().code).toBe('ingest_digest_mismatch');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/ingest/uploads/${u.id}`, headers: h })).statusCode).toBe(200);
    await expect(fs.stat(uploadPath(t.c.config.dataDir, u.id))).rejects.toThrow();
  });

  it('a chunk longer than the room left is refused and cut back', async () => {
    const u = (await create({ filename: 'y.zip', size: 10, idempotencyKey: `k-${randomUUID()}` })).json();
    expect((await chunk(u.id, 0, Buffer.alloc(11))).statusCode).toBe(413);
    expect((await fs.stat(uploadPath(t.c.config.dataDir, u.id))).size).toBe(0);
  });

  it('a client that disconnects mid-chunk leaves no partial bytes: the upload resumes from the last whole chunk', async () => {
    const u = (await create({ filename: 'z.zip', size: 4_000_000, idempotencyKey: `k-${randomUUID()}` })).json();
    await chunk(u.id, 0, Buffer.alloc(1000, 1));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/api/ingest/uploads/${u.id}/chunk?offset=1000`, headers: { ...h, 'content-type': 'application/octet-stream', 'content-length': '3000000' } });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1_000_000, 2), () => setTimeout(() => { req.destroy(); resolve(); }, 300));
    });
    let size = -1;
    for (let i = 0; i < 50 && size !== 1000; i++) {
      await new Promise((r) => setTimeout(r, 100));
      size = (await fs.stat(uploadPath(t.c.config.dataDir, u.id))).size;
    }
    expect(size).toBe(1000);
    expect((await t.app.inject({ url: `/api/ingest/uploads/${u.id}`, headers: h })).json().received).toBe(1000);
  });
});
