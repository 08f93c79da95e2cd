import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb, type Db } from '../../platform/db/database.ts';
import { WS_TEMPLATE } from '../scheme/templates.ts';
import { analyzeIfStale, insertBatch, type NewRecord } from './import.insert.ts';

// The trap analyzeIfStale avoids: records emptied by a rolled-back import and vacuumed (pg_class: pages, 0 tuples).
let url: string, db: Db;
beforeAll(async () => { url = await createTestDatabase(); db = createDb(url, 2); });
afterAll(async () => { await db.destroy(); });

const rows = (catId: string, from: number, n: number): NewRecord[] => Array.from({ length: n }, (_, j) => {
  const i = from + j;
  return { row: i + 2, counterKey: `${catId}:S001-WS·2020-Y-BGS`, seqNo: i + 1, code: `S001-WS·2020-Y-BGS-${String(i + 1).padStart(5, '0')}`,
    fields: { title: `题名${i}`, responsible: '', docNumber: '', docDate: '', year: 2020, retention: 'Y', orgCode: 'BGS', catalogueNo: '', security: 'public',
      secrecyPeriod: '', pages: 1, openStatus: 'unreviewed', remarks: '', subjects: [], scopeCode: '', extra: {} } } as NewRecord;
});

it('refreshes stale records statistics inside the import transaction, so the history foreign-key check uses the primary key', { timeout: 120_000 }, async () => {
  const f = await db.insertInto('fonds').values({ code: 'S001', name: '统计', agency: '统计' }).returning('id').executeTakeFirstOrThrow();
  const cat = await db.insertInto('categories').values({ fonds_id: f.id, code: 'WS', name: '文书', mode: 'item' }).returning('id').executeTakeFirstOrThrow();
  const s = await db.insertInto('schemes').values({ category_id: cat.id, version: 1, status: 'approved', body: JSON.stringify(WS_TEMPLATE), created_by: 't' }).returning('id').executeTakeFirstOrThrow();
  const k = { fondsId: f.id, categoryId: cat.id, schemeId: s.id, kind: 'item' as const, actor: 't', at: new Date() };
  const c = new pg.Client(url);
  await c.connect();
  try {
    await c.query('begin');
    await insertBatch(c, k, rows(cat.id, 0, 5000));
    await c.query('rollback');
    await c.query('vacuum records');
    await c.query('begin');
    await insertBatch(c, k, rows(cat.id, 0, 3000), async () => { expect(await analyzeIfStale(c, 3000)).toBe(true); });
    const n = await c.query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = 'records'::regclass`);
    expect(Number(n.rows[0]!.n)).toBeGreaterThanOrEqual(2500);
    const plan = await c.query(`explain select 1 from only records x where id = '00000000-0000-7000-8000-000000000000' for key share of x`);
    expect(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')).toContain('records_pkey');
    // Now that the statistics know the table, the next batches do not ANALYZE again.
    expect(await analyzeIfStale(c, 3000)).toBe(false);
    await insertBatch(c, k, rows(cat.id, 3000, 1000));
    await c.query('commit');
    expect(Number((await db.selectFrom('record_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(4000);
  } finally {
    await c.end();
  }
});
