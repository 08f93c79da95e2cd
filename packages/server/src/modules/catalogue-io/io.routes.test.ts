import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportView } from '@lantai/api';
import { installErrorHandler } from '../../http/error-handler.ts';
import type { Actor } from '../auth/index.ts';
import { catalogueIoRoutes, type CatalogueIoRouteOptions } from './io.routes.ts';
import { multipart } from './io.test-kit.ts';

// The upload route on its own (no database): limits, bad requests, and that the bytes go to disk, never stay behind.
const CATEGORY = '6f1c7a52-3d4e-4b5a-9c8d-7e6f5a4b3c2d';
const view: ImportView = {
  id: CATEGORY, fondsId: CATEGORY, categoryId: CATEGORY, filename: 'x.csv', format: 'csv', size: 1, encoding: 'utf-8', detectedEncoding: 'utf-8',
  status: 'uploaded', mapping: null, keepCodes: false, allowSuspectText: false, totalRows: 0, errorRows: 0, errorCount: 0, warningCount: 0,
  committedRows: 0, validateJobId: null, commitJobId: null, failure: null, createdBy: 'a', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
};
let app: FastifyInstance;
let dataDir: string;
const received: { name: string; text: string; categoryId: string }[] = [];
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-upload-'));
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app, async () => {});
  const actor: Actor = { kind: 'user', userId: CATEGORY, username: 'a', roles: ['archivist'], clearance: 'public', fondsScope: [], sessionId: 's', csrfToken: 'c' };
  app.decorateRequest('actor', null as never);
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req) => { req.actor = actor; req.ctx = { actor, requestId: req.id, ip: req.ip }; });
  const imports = {
    checkCategory: async () => {},
    register: async (u: { tmpPath: string; filename: string; categoryId: string }) => {
      received.push({ name: u.filename, text: await fs.readFile(u.tmpPath, 'utf8'), categoryId: u.categoryId });
      return view;
    },
  } as unknown as CatalogueIoRouteOptions['imports'];
  await app.register(catalogueIoRoutes, { imports, exports: {} as CatalogueIoRouteOptions['exports'], dataDir, maxUploadBytes: 1024 });
  await app.ready();
});
afterAll(async () => { await app.close(); await fs.rm(dataDir, { recursive: true, force: true }); });

const upload = (fields: Record<string, string>, file?: { name: string; data: Buffer }) => {
  const m = multipart(fields, file);
  return app.inject({ method: 'POST', url: '/api/imports', headers: m.headers, payload: m.payload });
};
const leftovers = async () => (await fs.readdir(path.join(dataDir, 'imports')).catch(() => [])).filter((f) => f.startsWith('.upload-'));

describe('POST /api/imports', () => {
  it('streams the file to disk, takes categoryId as a field or in the query, and leaves no temp file', async () => {
    expect((await upload({ categoryId: CATEGORY }, { name: '目录.csv', data: Buffer.from('题名\n甲\n') })).statusCode).toBe(200);
    const after = await app.inject({ method: 'POST', url: `/api/imports?categoryId=${CATEGORY}`, ...(() => { const m = multipart({}, { name: 'b.csv', data: Buffer.from('x') }); return { headers: m.headers, payload: m.payload }; })() });
    expect(after.statusCode).toBe(200);
    expect(received).toEqual([{ name: '目录.csv', text: '题名\n甲\n', categoryId: CATEGORY }, { name: 'b.csv', text: 'x', categoryId: CATEGORY }]);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a file over the limit with 413 and cleans up', async () => {
    const res = await upload({ categoryId: CATEGORY }, { name: 'big.csv', data: Buffer.alloc(4096, 0x61) });
    expect([res.statusCode, res.json().code]).toEqual([413, 'body_too_large']);
    expect(await leftovers()).toEqual([]);
  });

  it('needs a file and a category, and a multipart body', async () => {
    const noFile = await upload({ categoryId: CATEGORY });
    expect([noFile.statusCode, noFile.json().issues[0].path]).toEqual([400, 'file']);
    const noCategory = await upload({}, { name: 'a.csv', data: Buffer.from('x') });
    expect(noCategory.json().issues[0].path).toBe('categoryId');
    const badEncoding = await upload({ categoryId: CATEGORY, encoding: 'ebcdic' }, { name: 'a.csv', data: Buffer.from('x') });
    expect(badEncoding.json().issues[0].path).toBe('encoding');
    const json = await app.inject({ method: 'POST', url: '/api/imports', payload: { categoryId: CATEGORY } });
    expect([json.statusCode, json.json().code]).toEqual([415, 'unsupported_media_type']);
  });
});
