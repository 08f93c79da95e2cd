import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { sharedBuffers } from './embedded-postgres.ts';

describe('embedded PostgreSQL settings', () => {
  it('sizes shared_buffers to the machine, within 128MB–1GB, and takes a well-formed override only', () => {
    const GiB = 2 ** 30;
    expect(sharedBuffers({}, 24 * GiB)).toBe('1024MB');
    expect(sharedBuffers({}, 4 * GiB)).toBe('256MB');
    expect(sharedBuffers({}, 1 * GiB)).toBe('128MB');
    expect(sharedBuffers({ LANTAI_PG_SHARED_BUFFERS: '2GB' }, 4 * GiB)).toBe('2GB');
    expect(() => sharedBuffers({ LANTAI_PG_SHARED_BUFFERS: '2 gigs; drop' }, 4 * GiB)).toThrow(/LANTAI_PG_SHARED_BUFFERS/);
  });
});

// Migration 0021 replaced record_versions' foreign key by a delete trigger: deleting a record still removes its history.
describe('record history follows its record', () => {
  let t: TestApp;
  beforeAll(async () => { t = await buildTestApp(); });
  afterAll(async () => { await t.close(); });

  it('deleting a draft deletes its versions (one statement, several records)', async () => {
    const a = await signedIn(t, ['archivist'], { clearance: 'jimi' });
    const { categoryId } = await buildFonds(t.app, a.headers);
    const ids: string[] = [];
    for (const title of ['甲', '乙', '丙']) {
      const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: a.headers, payload: wsRecord(categoryId, { title }) });
      expect(r.statusCode).toBe(200);
      ids.push((r.json() as { id: string }).id);
    }
    const count = async (id: string) => Number((await t.c.db.selectFrom('record_versions').select((eb) => eb.fn.countAll().as('n')).where('record_id', '=', id).executeTakeFirstOrThrow()).n);
    expect(await count(ids[0]!)).toBeGreaterThan(0);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/records/${ids[0]}`, headers: a.headers });
    expect(del.statusCode).toBe(200);
    expect(await count(ids[0]!)).toBe(0);
    expect(await count(ids[1]!)).toBeGreaterThan(0);
    await t.c.db.deleteFrom('records').where('id', 'in', ids.slice(1)).execute();
    expect(await count(ids[1]!) + await count(ids[2]!)).toBe(0);
  });
});
