import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb, type Db } from '../db/database.ts';
import { PgSearch } from './pg.search.ts';
import { doc } from './search.contract-test.ts';
import type { SearchScope } from './search.port.ts';

// The sampled path at a small scale: level 3 (1/8) first, enough = 60, target = 120. 4,000 records, 3,000 of them
// with 通知 (2,000 in J001); 煤矿 in 40. Big answers are estimates (exact: false) close to the truth; small ones exact.
const ALL: SearchScope = { kind: 'staff', fondsCodes: null, securities: ['public', 'internal'] };
let db: Db;
let port: PgSearch;

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
  port = new PgSearch(db, { firstLevel: 3, enough: 60, target: 120, smallIndex: 0 });
  const docs = Array.from({ length: 4000 }, (_, i) => doc({
    title: i < 3000 ? `关于第${i}批工作的通知` : i < 3040 ? `煤矿安全检查报告${i}` : `会议记录${i}`,
    fondsCode: i < 2000 ? 'J001' : 'J002', security: i % 10 === 0 ? 'mimi' : 'public',
  }));
  for (let i = 0; i < docs.length; i += 500) await port.upsert(docs.slice(i, i + 500));
  await sql`analyze search_docs`.execute(db);
});
afterAll(async () => db?.destroy());

describe('sampled counts and facets', () => {
  it('estimates a common word from a sample, within 25%, and says so', async () => {
    const r = await port.search({ text: '通知', facets: ['fonds'] }, ALL);
    expect(r.total.exact).toBe(false);
    expect(r.sampled).toBe(true);
    expect(r.total.value).toBeGreaterThan(2700 * 0.75);
    expect(r.total.value).toBeLessThan(2700 * 1.25);
    const j1 = r.facets.fonds!.find((b) => b.value === 'J001')!.count;
    expect(j1).toBeGreaterThan(1800 * 0.7);
    expect(j1).toBeLessThan(1800 * 1.3);
    expect(r.hits).toHaveLength(20);
  });

  it('still applies the scope inside the sample', async () => {
    const r = await port.search({ text: '通知', facets: ['security', 'fonds'] }, { kind: 'staff', fondsCodes: ['J002'], securities: ['public'] });
    expect(r.facets.fonds!.map((b) => b.value)).toEqual(['J002']);
    expect(r.facets.security!.map((b) => b.value)).toEqual(['public']);
    expect(r.hits.every((h) => h.fondsCode === 'J002' && h.security === 'public')).toBe(true);
  });

  it('answers a rare word exactly', async () => {
    const r = await port.search({ text: '煤矿安全' }, ALL);
    expect(r.total).toEqual({ value: 36, exact: true });
    expect(r.sampled).toBe(false);
  });

  it('a one-character (prefix) query starts at a finer level: a common one is estimated, a rare one exact', async () => {
    const common = await new PgSearch(db, { firstLevel: 6, enough: 400, target: 120, smallIndex: 0 }).search({ text: '通' }, ALL);
    expect(common.total.exact).toBe(false);
    expect(common.total.value).toBeGreaterThan(2700 * 0.75);
    expect(common.total.value).toBeLessThan(2700 * 1.25);
    const rare = await port.search({ text: '煤' }, ALL);
    expect(rare.total).toEqual({ value: 36, exact: true });
  });

  it('orders by 档号 exactly even when the counts are sampled', async () => {
    const r = await port.search({ text: '通知', sort: 'archivalCode', limit: 5 }, ALL);
    const exact = await new PgSearch(db).search({ text: '通知', sort: 'archivalCode', limit: 5 }, ALL);
    expect(exact.total).toEqual({ value: 2700, exact: true });
    expect(r.hits.map((h) => h.archivalCode)).toEqual(exact.hits.map((h) => h.archivalCode));
    const codes = r.hits.map((h) => h.archivalCode);
    expect(codes).toEqual([...codes].sort());
    expect(r.total.exact).toBe(false);
  });
});
