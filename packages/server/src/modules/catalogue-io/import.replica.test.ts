import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb, type Db } from '../../platform/db/database.ts';
import { WS_TEMPLATE } from '../scheme/templates.ts';
import { insertBatch, replicaCopy, type InsertConstants, type NewRecord } from './import.insert.ts';

// The import's fast path: COPY in replica mode (no per-row foreign-key checks) with the derived-table triggers still firing.
let url: string, db: Db, k: InsertConstants;
beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url, 2);
  const f = await db.insertInto('fonds').values({ code: 'R001', name: '复制', agency: '复制' }).returning('id').executeTakeFirstOrThrow();
  const cat = await db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
  const s = await db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 't' }).returning('id').executeTakeFirstOrThrow();
  k = { fondsId: f.id, categoryId: cat.id, schemeId: s.id, kind: 'item', actor: 't', at: new Date() };
});
afterAll(async () => { await db.destroy(); });

const rows = (n: number, year: number): NewRecord[] => Array.from({ length: n }, (_, i) => ({
  row: i + 2, counterKey: `${k.categoryId}:R001-WS·${year}-Y-BGS`, seqNo: i + 1, code: `R001-WS·${year}-Y-BGS-${String(i + 1).padStart(4, '0')}`,
  fields: { title: `题名${i}`, responsible: '复制单位', docNumber: `复〔${year}〕${i}号`, docDate: '', year, retention: 'Y', orgCode: 'BGS', catalogueNo: '',
    security: i % 2 ? 'internal' : 'public', secrecyPeriod: '', pages: 1, openStatus: 'unreviewed', remarks: '', subjects: ['档案'], scopeCode: '', extra: {} },
}) as NewRecord);

async function session<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(url);
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

it('inserts in replica mode with the same derived rows: search_docs (stale, for the indexer), class counts and history', async () => {
  await session(async (c) => {
    await c.query('begin');
    const fast = { ...k, replica: await replicaCopy(c, k) };
    expect(fast.replica).toBe(true);
    // The referenced 全宗 is locked FOR KEY SHARE until the commit, as the per-row checks would have locked it.
    const other = await session((o) => o.query('select 1 from fonds where id = $1 for update nowait', [k.fondsId]).then(() => 'locked', (e: { code?: string }) => e.code));
    expect(other).toBe('55P03');
    await insertBatch(c, fast, rows(30, 2001));
    expect((await c.query('show session_replication_role')).rows[0].session_replication_role).toBe('origin');
    await c.query('commit');
  });
  const ids = (await db.selectFrom('records').select('id').where('year', '=', 2001).execute()).map((r) => r.id);
  expect(ids).toHaveLength(30);
  const docs = await db.selectFrom('search_docs').select(['record_id', 'fonds_code', 'category_code', 'sort_date', 'stale_since', 'security']).where('record_id', 'in', ids).execute();
  expect(docs).toHaveLength(30);
  expect(docs.every((d) => d.fonds_code === 'R001' && d.category_code === 'WS' && d.sort_date === '20010000' && d.stale_since !== null)).toBe(true);
  const counts = await db.selectFrom('record_class_counts').select(['security', 'n']).where('year', '=', 2001).orderBy('security').execute();
  expect(counts.map((x) => [x.security, Number(x.n)])).toEqual([['internal', 15], ['public', 15]]);
  const versions = await db.selectFrom('record_versions').select('record_id').where('record_id', 'in', ids).execute();
  expect(versions).toHaveLength(30);
});

it('checks the import-wide foreign keys once: a scheme that no longer exists stops the import', async () => {
  await session(async (c) => {
    await c.query('begin');
    await expect(replicaCopy(c, { ...k, schemeId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ detail: expect.stringContaining('schemes') });
    await c.query('rollback');
  });
});

it('takes the ordinary path when a trigger on records would not fire in replica mode', async () => {
  await session(async (c) => {
    await c.query('begin');
    await c.query('alter table records enable trigger search_records_ins');
    expect(await replicaCopy(c, k)).toBe(false);
    await c.query('rollback');
    await c.query('begin');
    await c.query(`create function t_noop() returns trigger language plpgsql as $$ begin return null; end $$`);
    await c.query('create trigger t_noop after insert on record_versions for each statement execute function t_noop()');
    expect(await replicaCopy(c, k)).toBe(false);
    await c.query('rollback');
  });
});
