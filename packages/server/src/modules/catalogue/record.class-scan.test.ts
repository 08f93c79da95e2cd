import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordQuery } from '@lantai/api';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import type { RequestCtx } from '../auth/index.ts';
import { createClassSignatures, passing, type ClassSignatures } from './class-sig.store.ts';
import { createRecordQueries } from './record.query.ts';

// The q filter through the class signatures (class-sig.*, record.class-scan.ts) must give exactly the rows, order,
// totals and cursor pages of the plain ordered scan, whether the signatures are built or still dirty, after edits,
// and where 档号 ranges of classes interleave (then it must step aside).
let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let categoryId = '';
const texts: string[] = [];
const ids: string[] = [];
let sigs: ClassSignatures; // blocks of 2 records, so the 3 records of each class make two blocks
const ctx = { actor: { kind: 'user', userId: '00000000-0000-0000-0000-000000000000', username: 't', roles: ['archivist'], clearance: 'jimi', fondsScope: [], sessionId: '', csrfToken: '' }, requestId: 't', ip: '' } as RequestCtx;
const WORDS = ['安全生产', '防汛抗旱', '干部任免', '预算执行', '档案数字化', '会议纪要'];

beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  ({ categoryId } = await buildFonds(t.app, arch.headers));
  sigs = createClassSignatures(t.c.db, undefined, { block: 2 });
  let i = 0;
  for (const year of [2019, 2020, 2021]) for (const retention of ['Y', 'D30']) for (const orgCode of ['BGS', 'RSK']) for (let k = 0; k < 3; k++, i++) {
    // Some words only in some classes, so a signature can rule classes out.
    const title = `关于${WORDS[(year + k * (orgCode === 'BGS' ? 1 : 2)) % WORDS.length]}的通知（第${i}号）`;
    const docNumber = `晋办发〔${year}〕${i}号`;
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers,
      payload: wsRecord(categoryId, { title, docNumber, year, retention, orgCode, docDate: `${year}0${(k % 9) + 1}15` }) });
    expect(r.statusCode).toBe(200);
    ids.push(r.json().id);
    texts.push(title, docNumber, r.json().archivalCode);
  }
}, 120_000);
afterAll(async () => { await t.close(); });

const never = async () => null;
const bySig = () => createRecordQueries({ db: t.c.db, signatures: sigs, narrow: never });
const plain = () => createRecordQueries({ db: t.c.db, narrow: never });
const page = async (qs: ReturnType<typeof bySig>, q: string, more: Record<string, unknown> = {}) => {
  const r = await qs.list(RecordQuery.parse({ categoryId, q, limit: 100, ...more }), ctx);
  return { ids: r.items.map((x) => x.id), total: r.total, capped: r.totalCapped, next: r.nextCursor };
};
function queries() {
  const out = new Set<string>(['2019', '2021〕', '干部任免', '纪要', 'RSK', 'D30-RSK', '不存在的词', '〔', '7']);
  for (const s of texts) { const cs = [...s]; for (let i = 0; i + 2 <= cs.length; i += 2) out.add(cs.slice(i, i + 2 + (i % 3)).join('')); }
  return [...out].filter((q) => q.trim() === q);
}
async function mismatches(via = bySig) {
  const wrong: string[] = [];
  for (const q of queries()) {
    const [a, b] = [await page(via(), q), await page(plain(), q)];
    if (JSON.stringify(a) !== JSON.stringify(b)) wrong.push(q);
  }
  return wrong;
}
// The classes that may hold q, every block tested (the table tests them in page order and stops early).
const candidates = async (q: string) => { const c = (await sigs.candidates(categoryId, q))!; return { ...c, classes: passing(c) }; };

describe('q filter class by class through the class signatures', () => {
  it('marks every class dirty in the writers\' transactions, also on the import\'s fast path', async () => {
    const all = await candidates('干部任免');
    expect(all.classes.map((c) => c.blocks)).toEqual(Array(12).fill(null)); // nothing built yet: all dirty, read whole
    const tg = await sql<{ tgenabled: string }>`select tgenabled from pg_trigger where tgname = 'records_class_sigs_ins'`.execute(t.c.db);
    expect(tg.rows[0]?.tgenabled).toBe('A');
  });

  it('matches the plain scan while every signature is dirty', async () => {
    expect(await mismatches()).toEqual([]);
  }, 120_000);

  it('skips the classes that cannot hold q once built, and still matches the plain scan', async () => {
    expect(await sigs.drain()).toBe(12);
    const c = await candidates('2019');
    expect(c.blocks).toBe(24); // 12 classes of 3 records: two blocks each
    expect(c.classes.map((k) => k.year)).toEqual([2019, 2019, 2019, 2019]);
    expect(c.classes.every((k) => k.blocks?.length === 2)).toBe(true);
    expect((await candidates('不存在的词')).classes).toEqual([]);
    // A number only in record 15's title and 文号: its block alone.
    expect((await candidates('第15号')).classes.map((k) => k.blocks?.length)).toEqual([1]);
    expect(await mismatches()).toEqual([]);
  }, 120_000);

  it('pages by cursor across classes exactly as the plain scan, in both orders', async () => {
    for (const order of ['asc', 'desc']) {
      for (const q of ['关于', '2020', '防汛', '〕1']) {
        const all = (await page(plain(), q, { order })).ids;
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const p = await page(bySig(), q, { order, limit: 2, ...(after ? { after } : {}) });
          seen.push(...p.ids);
          after = p.next;
        } while (after);
        expect(seen).toEqual(all);
      }
    }
  });

  it('keeps matching the plain scan after deletes (their classes are read whole until rebuilt)', async () => {
    await sql`delete from records where id = any(${[ids[0]!, ids[1]!, ids[13]!]}::uuid[])`.execute(t.c.db);
    expect(await mismatches()).toEqual([]);
    // A cursor whose row is gone: its class cannot be looked up, so the classes are ordered by query instead.
    const first = await page(bySig(), '关于', { order: 'desc', limit: 3 });
    await sql`delete from records where id = ${first.ids[2]!}::uuid`.execute(t.c.db);
    const after = { order: 'desc', limit: 5, after: first.next };
    expect(await page(bySig(), '关于', after)).toEqual(await page(plain(), '关于', after));
    expect(await sigs.drain()).toBe(3); // the classes of the four deleted records, rebuilt: still the same pages
    expect(await mismatches()).toEqual([]);
  }, 120_000);

  it('finds an edited record at once (its class is dirty until rebuilt) and after the rebuild', async () => {
    const id = ids[5]!;
    const cur = (await t.app.inject({ url: `/api/records/${id}`, headers: arch.headers })).json() as { version: number };
    const put = await t.app.inject({ method: 'PATCH', url: `/api/records/${id}`, headers: arch.headers, payload: { version: cur.version, title: '关于黄河治理的报告' } });
    expect(put.statusCode).toBe(200);
    expect((await page(bySig(), '黄河治理')).ids).toEqual([id]);
    expect(await sigs.drain()).toBe(1);
    expect((await candidates('黄河治理')).classes.map((k) => k.blocks?.length)).toEqual([1]);
    expect((await page(bySig(), '黄河治理')).ids).toEqual([id]);
  });

  it('reads a class whole when its blocks are not all there', async () => {
    await sql`delete from record_class_blocks where category_id = ${categoryId} and year = 2020 and retention = 'Y' and org_code = 'RSK' and block_no = 1`.execute(t.c.db);
    const fresh = createClassSignatures(t.c.db, undefined, { block: 2 });
    const c = (await fresh.candidates(categoryId, '关于'))!;
    expect(c.classes.filter((k) => k.year === 2020 && k.retention === 'Y' && k.orgCode === 'RSK')).toMatchObject([{ blocks: null }]);
    const via = () => createRecordQueries({ db: t.c.db, signatures: fresh, narrow: never });
    for (const q of ['关于', '2020', 'RSK']) expect(await page(via(), q)).toEqual(await page(plain(), q));
  });

  it('steps aside where the 档号 ranges of two classes interleave', async () => {
    // Two classes of 2021 whose codes alternate (a rule without the class elements up front would do this).
    const rows = await sql<{ id: string; org_code: string }>`select id, org_code from records where category_id = ${categoryId} and year = 2021 and retention = 'Y' order by org_code, archival_code`.execute(t.c.db);
    for (const [i, r] of rows.rows.entries()) await sql`update records set archival_code = ${`ZZ-${r.org_code === 'BGS' ? 2 * i : 2 * (i - 3) + 1}`} where id = ${r.id}`.execute(t.c.db);
    // Dirty (ranges read from the records), then rebuilt (ranges kept with the blocks).
    for (const q of ['ZZ', '2021', '关于']) for (const order of ['asc', 'desc']) expect(await page(bySig(), q, { order })).toEqual(await page(plain(), q, { order }));
    await sigs.drain();
    const kept = await sql<{ min_code: string; max_code: string }>`select min_code, max_code from record_class_blocks
      where category_id = ${categoryId} and year = 2021 and retention = 'Y' and org_code = 'BGS' order by block_no`.execute(t.c.db);
    expect(kept.rows).toEqual([{ min_code: 'ZZ-0', max_code: 'ZZ-2' }, { min_code: 'ZZ-4', max_code: 'ZZ-4' }]);
    for (const q of ['ZZ', '2021', '关于']) for (const order of ['asc', 'desc']) expect(await page(bySig(), q, { order })).toEqual(await page(plain(), q, { order }));
  });
});
