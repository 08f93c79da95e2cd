import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let dataDir: string;
beforeAll(async () => {
  dataDir = `/tmp/lantai-files-test-${process.pid}-${Date.now()}`;
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataDir } });
  arch = await signedIn(t, ['archivist']);
});
afterAll(async () => { await t.close(); });

function multipart(filename: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const boundary = '----lantai' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { ...arch.headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('record files', () => {
  it('stores a file, identifies its type by content, and streams it back verified', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const up = await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('通知.txt', PDF) });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ filename: '通知.txt', mime: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), sm3: createHash('sm3').update(PDF).digest('hex') });
    const down = await t.app.inject({ url: `/api/records/${r.id}/files/${up.json().id}/content` });
    expect(down.statusCode).toBe(401);
    const ok = await t.app.inject({ url: `/api/records/${r.id}/files/${up.json().id}/content`, headers: arch.headers });
    expect(ok.rawPayload.equals(PDF)).toBe(true);
    expect(ok.headers['content-disposition']).toContain("filename*=UTF-8''%E9%80%9A%E7%9F%A5.txt");
    expect((await t.app.inject({ url: `/api/records/${r.id}`, headers: arch.headers })).json().fileCount).toBe(1);
  });

  it('refuses a declared digest that does not match and leaves no object or row behind', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const bytes = Buffer.from('unique content ' + Math.random());
    const bad = await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('a.txt', bytes, { sha256: 'a'.repeat(64) }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('storage_digest_mismatch');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await t.c.storage.head(sha)).toBeNull();
    expect((await t.app.inject({ url: `/api/records/${r.id}/files`, headers: arch.headers })).json().items).toEqual([]);
    const tmp = await readdir(`${dataDir}/objects/tmp`).catch(() => []);
    expect(tmp).toEqual([]);
  });

  it('removes the object when the record is not visible (no orphan), and keeps files of archived records', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    const r = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const up = await t.app.inject({ method: 'POST', url: `/api/records/${r.id}/files`, ...multipart('x.bin', Buffer.from('keep me ' + Math.random())) });
    await t.app.inject({ method: 'POST', url: '/api/records/archive', headers: arch.headers, payload: { ids: [r.id] } });
    const del = await t.app.inject({ method: 'DELETE', url: `/api/records/${r.id}/files/${up.json().id}`, headers: arch.headers });
    expect(del.json().code).toBe('record_archived');
    expect(await t.c.storage.head(up.json().sha256)).not.toBeNull();
  });
});
