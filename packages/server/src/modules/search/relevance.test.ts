import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb, type Db } from '../../platform/db/database.ts';
import { PgSearch } from '../../platform/search/pg.search.ts';
import type { SearchDocument } from '../../platform/search/search.port.ts';
import { QUERIES, RECORDS } from './relevance.fixtures.ts';

// precision@5: relevant records among the first 5 hits ÷ min(5, number of relevant records), so a query with one
// right answer scores 1 when it is in the top 5. recall@10: relevant records among the first 10 ÷ all relevant.
const MIN_MEAN_PRECISION_AT_5 = 0.9;
const MIN_MEAN_RECALL_AT_10 = 0.95;

let db: Db;
let port: PgSearch;
const idOf = new Map<string, string>();
const keyOf = new Map<string, string>();

beforeAll(async () => {
  db = createDb(await createTestDatabase(), 4);
  port = new PgSearch(db);
  const docs: SearchDocument[] = RECORDS.map(([key, fonds, cat, year, title, responsible, docNumber, subjects, content], i) => {
    const id = randomUUID();
    idOf.set(key, id);
    keyOf.set(id, key);
    return {
      id, fondsCode: fonds, categoryCode: cat, archivalCode: `${fonds}-${cat}·${year}-Y-BGS-${String(i + 1).padStart(4, '0')}`, title, subjects,
      responsible, docNumber, docDate: `${year}0601`, year, retention: 'Y', security: 'public', openStatus: 'open', status: 'archived',
      other: '', content: content ?? '', fileFormats: content ? ['pdf'] : [],
    };
  });
  await port.upsert(docs);
});
afterAll(async () => db?.destroy());

describe('relevance set (64 records, 35 queries)', () => {
  it(`mean precision@5 ≥ ${MIN_MEAN_PRECISION_AT_5} and recall@10 ≥ ${MIN_MEAN_RECALL_AT_10}`, async () => {
    const rows: string[] = [];
    let p5 = 0;
    let r10 = 0;
    for (const { q, kind, relevant } of QUERIES) {
      const r = await port.search({ text: q, limit: 10 }, { kind: 'public' });
      const got = r.hits.map((h) => keyOf.get(h.id)!);
      const inTop = (n: number) => got.slice(0, n).filter((k) => relevant.includes(k)).length;
      const p = inTop(5) / Math.min(5, relevant.length);
      const rc = inTop(10) / relevant.length;
      p5 += p;
      r10 += rc;
      rows.push(`${p.toFixed(2)} ${rc.toFixed(2)}  ${q}  [${kind}]  → ${got.slice(0, 5).join(' ')}`);
    }
    p5 /= QUERIES.length;
    r10 /= QUERIES.length;
    console.log(`precision@5 ${p5.toFixed(3)}, recall@10 ${r10.toFixed(3)} over ${QUERIES.length} queries\n  P@5  R@10\n  ${rows.join('\n  ')}`);
    expect(RECORDS.length).toBeGreaterThanOrEqual(60);
    expect(QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(p5).toBeGreaterThanOrEqual(MIN_MEAN_PRECISION_AT_5);
    expect(r10).toBeGreaterThanOrEqual(MIN_MEAN_RECALL_AT_10);
  });

  it('puts the exact 文号 and the person first', async () => {
    const top = async (q: string) => keyOf.get((await port.search({ text: q }, { kind: 'public' })).hits[0]?.id ?? '');
    expect(await top('晋阳政发〔2018〕45号')).toBe('r01');
    expect(await top('李淑珍')).toBe('r08');
    expect(await top('汾河生态修复')).toBe('r01');
  });
});
