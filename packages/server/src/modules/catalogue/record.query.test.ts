import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';

// The record table: keyset paging (nextCursor → after) gives the same rows as OFFSET paging, in every sort,
// without gaps or repeats (ties broken by id, timestamps compared at full precision); the q filter.
let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let categoryId = '';
beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  ({ categoryId } = await buildFonds(t.app, arch.headers));
  const titles = ['关于开展安全生产大检查的通知', '关于做好防汛工作的请示', '关于开展安全生产大检查的通知', '年度工作总结', '关于编制部门预算的报告', '会议纪要', '关于做好防汛工作的请示'];
  for (const [i, title] of titles.entries()) {
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers,
      payload: wsRecord(categoryId, { title, docNumber: i === 3 ? 'ABC〔2021〕7号' : `晋办发〔2021〕${i}号`, retention: i % 2 ? 'Y' : 'D30', docDate: `2021031${i}` }) });
    expect(r.statusCode).toBe(200);
  }
});
afterAll(async () => { await t.close(); });

type Page = { items: { id: string; title: string }[]; nextCursor: string | null; total: number };
const list = async (qs: string) => {
  const r = await t.app.inject({ url: `/api/records?categoryId=${categoryId}&${qs}`, headers: arch.headers });
  expect(r.statusCode).toBe(200);
  return r.json() as Page;
};

describe('record table paging', () => {
  for (const [sort, order] of [['archivalCode', 'asc'], ['title', 'asc'], ['title', 'desc'], ['updatedAt', 'desc'], ['docDate', 'desc'], ['year', 'asc']] as const) {
    it(`pages by cursor exactly as by offset (${sort} ${order})`, async () => {
      const all = (await list(`sort=${sort}&order=${order}&limit=100`)).items.map((r) => r.id);
      expect(all).toHaveLength(7);
      const seen: string[] = [];
      let after = '';
      for (let n = 0; n < 5; n++) {
        const p = await list(`sort=${sort}&order=${order}&limit=3${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        expect(p.total).toBe(7);
        seen.push(...p.items.map((r) => r.id));
        if (!p.nextCursor) break;
        after = p.nextCursor;
      }
      expect(seen).toEqual(all);
      const byOffset = await list(`sort=${sort}&order=${order}&limit=3&offset=3`);
      expect(byOffset.items.map((r) => r.id)).toEqual(all.slice(3, 6));
    });
  }

  it('says when there is no next page, and refuses a cursor of another sort or a forged one', async () => {
    expect((await list('limit=7')).nextCursor).toBeNull();
    const first = await list('limit=2');
    expect(first.nextCursor).toBeTruthy();
    for (const bad of [`sort=title&after=${encodeURIComponent(first.nextCursor!)}`, `order=desc&after=${encodeURIComponent(first.nextCursor!)}`, 'after=not-a-cursor',
      `sort=updatedAt&after=${Buffer.from(JSON.stringify({ s: 'updatedAt', o: 'asc', v: 'yesterday', id: first.items[0]!.id })).toString('base64url')}`]) {
      const r = await t.app.inject({ url: `/api/records?categoryId=${categoryId}&${bad}`, headers: arch.headers });
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('validation_failed');
    }
  });
});

describe('record table text filter', () => {
  it('finds Chinese substrings and, case-insensitively, Latin ones; % and _ are plain characters', async () => {
    expect((await list(`q=${encodeURIComponent('安全生产')}`)).items.map((r) => r.title)).toEqual(['关于开展安全生产大检查的通知', '关于开展安全生产大检查的通知']);
    expect((await list(`q=${encodeURIComponent('〔2021〕7号')}`)).items.map((r) => r.title)).toEqual(['年度工作总结']);
    expect((await list('q=abc')).items.map((r) => r.title)).toEqual(['年度工作总结']);
    expect((await list('q=ABC')).total).toBe(1);
    expect((await list(`q=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await list(`q=${encodeURIComponent('关于_')}`)).total).toBe(0);
  });
});

describe('题名 sort with the longest titles', () => {
  it('a 1,000-character title (3,000 bytes: more than a B-tree entry holds) saves, and pages by title like the rest', async () => {
    const huge = (from: number) => Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(from + i)).join('');
    for (const title of [huge(0x4e00), huge(0x4e01)]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { title, docDate: '20210301' }) });
      expect(r.statusCode).toBe(200);
    }
    const all = await list('sort=title&order=asc&limit=100');
    const seen: string[] = [];
    let page = await list('sort=title&order=asc&limit=2');
    for (;;) {
      seen.push(...page.items.map((x) => x.id));
      if (!page.nextCursor) break;
      page = await list(`sort=title&order=asc&limit=2&after=${page.nextCursor}`);
    }
    expect(seen).toEqual(all.items.map((x) => x.id));
    expect(all.items.filter((x) => x.title.length === 1000)).toHaveLength(2);
  });
});
