import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

// GET /api/fonds/:id and the list carry recordCount, summed from record_class_counts (no count of the records
// table): the top-level records the caller may see within their 密级 clearance, as the class tree counts them.
let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
});
afterAll(async () => { await t.close(); });

const get = (url: string, headers = arch.headers) => t.app.inject({ url, headers });
const create = (body: object) => t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: body });

describe('fonds record count', () => {
  it('counts the records of every 门类 of the fonds within the caller clearance, and follows deletes', async () => {
    const { fondsId, fondsCode, categoryId } = await buildFonds(t.app, arch.headers);
    const other = await buildFonds(t.app, arch.headers);
    expect((await get(`/api/fonds/${fondsId}`)).json().recordCount).toBe(0);
    const kj = await t.app.inject({ method: 'POST', url: `/api/fonds/${fondsId}/categories`, headers: arch.headers, payload: { template: 'KJ' } });
    expect(kj.statusCode).toBe(200);
    const made = [];
    for (const over of [{}, { retention: 'D30' }, { year: 2020, docDate: '20200101' }, { security: 'internal' }, { security: 'mimi' }]) {
      const r = await create(wsRecord(categoryId, over));
      expect(r.statusCode).toBe(200);
      made.push(r.json());
    }
    await create(wsRecord(other.categoryId));

    const one = (await get(`/api/fonds/${fondsId}`)).json();
    expect(one.recordCount).toBe(5);
    const listed = (await get('/api/fonds')).json().items.find((f: { code: string }) => f.code === fondsCode);
    expect(listed.recordCount).toBe(5);
    const tree = (await get(`/api/categories/${categoryId}/tree`)).json().groups as { count: number }[];
    expect(tree.reduce((n, g) => n + g.count, 0)).toBe(5);

    const officer = await signedIn(t, ['records_officer'], { fondsScope: [fondsCode], clearance: 'internal' });
    expect((await get(`/api/fonds/${fondsId}`, officer.headers)).json().recordCount).toBe(4);
    expect((await get(`/api/fonds/${other.fondsId}`, officer.headers)).statusCode).toBe(404);

    await t.app.inject({ method: 'DELETE', url: `/api/records/${made[0].id}`, headers: arch.headers });
    expect((await get(`/api/fonds/${fondsId}`)).json().recordCount).toBe(4);
  });
});
