import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '../src/bin/gen-openapi.ts';
import { openApiJson, operationProblems } from '../src/http/openapi-doc.ts';
import { buildTestApp, type TestApp } from './app.ts';

// The committed contract (packages/api/openapi.json) must match the routes; web and CLI are typed from it.
describe('OpenAPI contract', () => {
  let t: TestApp;
  let generated: string;
  beforeAll(async () => {
    t = await buildTestApp();
    generated = await renderOpenApi();
  });
  afterAll(async () => t?.close());

  it('packages/api/openapi.json is up to date (else run: npm run gen:openapi)', async () => {
    const committed = await fs.readFile(OPENAPI_FILE, 'utf8').catch(() => '(missing)');
    expect(committed === generated, 'packages/api/openapi.json is stale: run npm run gen:openapi and commit it').toBe(true);
  });

  it('the offline generator sees the same routes as the app on a real database', () => {
    expect(generated).toBe(openApiJson(t.app));
  });

  it('every /api operation has an operationId, and operationIds are unique', () => {
    const doc = JSON.parse(generated) as Parameters<typeof operationProblems>[0];
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(0);
    expect(operationProblems(doc)).toEqual([]);
  });
});
