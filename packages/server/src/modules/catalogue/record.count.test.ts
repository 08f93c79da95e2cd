import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordQuery } from '@lantai/api';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import type { RequestCtx } from '../auth/index.ts';
import { commonPrefix, createClassSignatures, type ClassSignatures } from './class-sig.store.ts';
import { createRecordQueries } from './record.query.ts';

// A frequent q found in whole classes' 档号 (a year typed alone) is over the count cap without a scan, from the class
// rows' shared 档号 prefix and record count (class-sig.store.ts sureMatches); everywhere else the capped scan counts.
let t: TestApp;
let categoryId = '';
let sigs: ClassSignatures;
const as = (clearance: string) => ({ actor: { kind: 'user', userId: '00000000-0000-0000-0000-000000000000', username: 't', roles: ['archivist'], clearance, fondsScope: [], sessionId: '', csrfToken: '' }, requestId: 't', ip: '' }) as RequestCtx;
const never = async () => null;
const count = async (q: string, more: Record<string, unknown> = {}, clearance = 'juemi', withSigs = true) => {
  const qs = createRecordQueries({ db: t.c.db, narrow: never, ...(withSigs ? { signatures: sigs } : {}) });
  const r = await qs.list(RecordQuery.parse({ categoryId, q, limit: 5, ...more }), as(clearance));
  return { total: r.total, capped: r.totalCapped };
};
const sure = (q: string) => sigs.sureMatches(categoryId, 'like', `%${q}%`, {});

beforeAll(async () => {
  t = await buildTestApp();
  const arch = await signedIn(t, ['archivist'], { clearance: 'juemi' });
  ({ categoryId } = await buildFonds(t.app, arch.headers));
  sigs = createClassSignatures(t.c.db);
  const first = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { title: '关于印发工作要点的通知' }) })).json();
  // 1,100 more 件 of class 2021-Y-BGS (cloned in SQL for speed), and one of 2020 whose title names 2021.
  await sql`insert into records (fonds_id, category_id, scheme_id, kind, archival_code, counter_key, seq_no, title, responsible, doc_number, doc_date,
      year, retention, org_code, security, pages, open_status, subjects, created_by)
    select fonds_id, category_id, scheme_id, kind, regexp_replace(archival_code, '\\d{4}$', lpad(g::text, 4, '0')), counter_key, g, title || '（第' || g || '号）',
      responsible, doc_number, doc_date, year, retention, org_code, security, pages, open_status, subjects, created_by
    from records, generate_series(2, 1101) g where id = ${first.id}`.execute(t.c.db);
  const other = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers,
    payload: wsRecord(categoryId, { title: '关于2021年工作的总结', docNumber: '晋办发〔2020〕9号', year: 2020, docDate: '20201201' }) });
  expect(other.statusCode).toBe(200);
}, 120_000);
afterAll(async () => { await t.close(); });

describe('capped count of a q inside whole classes\' 档号', () => {
  it('takes the longest shared prefix in whole characters', () => {
    expect(commonPrefix(['B001-WS·2015-Y-BGS-0001', 'B001-WS·2015-Y-BGS-0002', 'B001-WS·2015-Y-BGS-0010'])).toBe('B001-WS·2015-Y-BGS-00');
    expect(commonPrefix(['a😀x', 'a😁y'])).toBe('a'); // the two emoji share their first UTF-16 unit only
    expect(commonPrefix(['档号'])).toBe('档号');
    expect(commonPrefix([])).toBe('');
  });

  it('counts nothing as sure while the classes are dirty; the scan counts', async () => {
    expect(await sure('2021')).toBe(0);
    expect(await count('2021')).toEqual({ total: 1000, capped: true });
  });

  it('once built, sums exactly the classes whose every 档号 holds q', async () => {
    await sigs.drain();
    expect(await sure('2021')).toBe(1101); // not the 2020 record, whose title alone names 2021
    expect(await sure('BGS')).toBe(1102);
    expect(await sure('第5号')).toBe(0); // in some titles of the class, not in its 档号
    expect(await sigs.sureMatches(categoryId, 'like', '%2021%', { year: 2020 })).toBe(0);
    expect(await sigs.sureMatches(categoryId, 'ilike', '%-bgs-%', {})).toBe(1102);
    for (const q of ['2021', 'bgs', '第5号', '工作']) expect(await count(q)).toEqual(await count(q, {}, 'juemi', false));
  });

  it('leaves the count to the scan where the filter sees fewer records than the class holds', async () => {
    // 200 of the class above the reader's clearance, 200 archived (the rest drafts): a sure count of 1,101 would be wrong for them.
    await sql`update records set security = 'mimi' where category_id = ${categoryId} and seq_no between 2 and 201`.execute(t.c.db);
    await sql`update records set status = 'archived' where category_id = ${categoryId} and seq_no between 202 and 401`.execute(t.c.db);
    expect(await sure('2021')).toBe(1101); // neither edit touches the signature
    expect(await count('2021', {}, 'internal')).toEqual({ total: 902, capped: false });
    expect(await count('2021', { status: 'draft' })).toEqual({ total: 902, capped: false });
    expect(await count('2021', { status: 'draft' })).toEqual(await count('2021', { status: 'draft' }, 'juemi', false));
  });

  it('a delete makes its class unsure until rebuilt, so the total is never over the rows left', async () => {
    await sql`delete from records where category_id = ${categoryId} and year = 2021 and seq_no > 900`.execute(t.c.db);
    expect(await sure('2021')).toBe(0);
    expect(await count('2021')).toEqual({ total: 901, capped: false }); // and the 2020 record
    await sigs.drain();
    expect(await sure('2021')).toBe(900); // under the cap: the scan counts
    expect(await count('2021')).toEqual({ total: 901, capped: false }); // and the 2020 record
  });
});
