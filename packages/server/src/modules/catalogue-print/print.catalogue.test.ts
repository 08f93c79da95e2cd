import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { keepForLooking, pdfPages } from '../../../test/pdf.ts';
import { classRows } from './print.source.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let big: Awaited<ReturnType<typeof buildFonds>>;
const LONG = Array.from({ length: 60 }, (_, i) => `第${i + 1}项关于档案数字化`).join('、') + '的情况说明';
/** 1000 distinct ideographs (the longest title allowed): taller than a page in the 题名 column. */
const HUGE = Array.from({ length: 1000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
const flat = (s: string) => s.replace(/\s+/g, '');
const isSubsequence = (needle: string, hay: string) => {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
};
const create = (over: Record<string, unknown>, headers = arch.headers) =>
  t.app.inject({ method: 'POST', url: '/api/records', headers, payload: over }).then((r) => {
    if (r.statusCode !== 200) throw new Error(r.body);
    return r.json();
  });
const url = (categoryId: string, extra = '') => `/api/print/catalogue?categoryId=${categoryId}&year=2021&retention=Y&orgCode=BGS${extra}`;

beforeAll(async () => {
  t = await buildTestApp();
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  big = await buildFonds(t.app, arch.headers);
  // 200 件 in one class, in batches (numbering is safe under concurrency); a few with long titles and 密级.
  for (let b = 0; b < 200; b += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, k) => b + k).map((i) => create(wsRecord(big.categoryId, {
      title: i === 4 ? LONG : i === 150 ? HUGE : `关于印发第${i + 1}号工作要点的通知`, security: i % 7 === 3 ? 'mimi' : 'public',
      docDate: `202103${String((i % 28) + 1).padStart(2, '0')}`, remarks: i === 9 ? '复印件' : '',
    }))));
  }
}, 120_000);
afterAll(async () => t?.close());

describe('归档文件目录', () => {
  let pages: string[];
  let body: Buffer;
  beforeAll(async () => {
    const res = await t.app.inject({ url: url(big.categoryId), headers: arch.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const cd = String(res.headers['content-disposition']);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)?.[1] ?? '')).toBe(`归档文件目录-${big.fondsCode}-WS·2021-永久-BGS.pdf`);
    expect(cd).toMatch(/^inline; filename="[\x20-\x7e]+"; /);
    body = res.rawPayload;
    keepForLooking('catalogue-200', body, 4);
    pages = await pdfPages(body);
  });

  it('starts with a cover: 全宗名称, 年度, 保管期限 in Chinese, 机构(问题) by name', () => {
    const cover = flat(pages[0] as string);
    expect(cover).toContain('归档文件目录');
    expect(cover).toContain(`全宗名称测试全宗${big.fondsCode}`);
    expect(cover).toContain('年度2021');
    expect(cover).toContain('保管期限永久');
    expect(cover).toContain('机构(问题)办公室');
    expect(cover).toContain(`本目录共${pages.length - 1}页`);
  });

  it('lists every 件 in 档号 order with 序号 from 1, over several pages, each with the column heads and 第 N 页 共 M 页', () => {
    const table = pages.slice(1);
    expect(table.length).toBeGreaterThanOrEqual(5);
    table.forEach((p, i) => {
      expect(flat(p)).toContain('序号档号文号责任者题名日期密级页数备注');
      expect(flat(p)).toContain(`第${i + 1}页共${table.length}页`);
    });
    const text = flat(table.join(' '));
    const codes = [...text.matchAll(new RegExp(`${big.fondsCode}-WS·2021-Y-BGS-\\d{4}`, 'g'))].map((m) => m[0]);
    expect(codes).toEqual(Array.from({ length: 200 }, (_, i) => `${big.fondsCode}-WS·2021-Y-BGS-${String(i + 1).padStart(4, '0')}`));
    expect(text).toContain(`1${big.fondsCode}-WS·2021-Y-BGS-0001`);
    expect(text).toContain(`200${big.fondsCode}-WS·2021-Y-BGS-0200`);
    expect(text).toContain('20210301');
    expect(text).toContain('秘密');
    expect(text).toContain('公开');
    expect(text).toContain('复印件');
  });

  it('wraps long titles instead of cutting them, even a title longer than a page', () => {
    const text = flat(pages.slice(1).join(' '));
    expect(text).toContain(LONG);
    expect(isSubsequence(HUGE, text)).toBe(true);
    // It was split between pages: its start on one, its end on a later one. Walk the pages matching its characters
    // in order (a page break may fall anywhere inside it, even inside its last few characters).
    let matched = 0;
    let first = -1;
    let last = -1;
    pages.forEach((p, i) => {
      for (const ch of flat(p)) {
        if (matched < HUGE.length && ch === HUGE[matched]) {
          if (matched === 0 && flat(p).includes(HUGE.slice(0, 10))) first = i;
          if (first >= 0 && ++matched === HUGE.length) last = i;
        }
      }
    });
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
  });

  it('marks each part of a split row after the first with （续） at the top of its 题名 cell, and nothing else', () => {
    // Pages of the table holding part of HUGE (matched in order, as above).
    let matched = 0;
    const holding = new Set<number>();
    pages.forEach((p, i) => {
      for (const ch of flat(p)) if (i > 0 && matched < HUGE.length && ch === HUGE[matched] && (matched > 0 || flat(p).includes(HUGE.slice(0, 10)))) { matched++; holding.add(i); }
    });
    const span = [...holding];
    expect(span.length).toBeGreaterThanOrEqual(2);
    const marked = pages.map((p, i) => (flat(p).includes('（续）') ? i : -1)).filter((i) => i >= 0);
    expect(marked).toEqual(span.slice(1));
    for (const i of marked) {
      const parts = flat(pages[i] as string).split('（续）');
      expect(parts.length).toBe(2); // once on the page
      expect(HUGE).toContain(parts[1]!.slice(0, 2)); // followed by the rest of the title
    }
    // pdftotext (poppler) sees the same marks, one per page.
    const byPage = execFileSync('pdftotext', ['-q', '-', '-'], { input: body }).toString('utf8').split('\f');
    expect(byPage.map((p, i) => (p.includes('（续）') ? i : -1)).filter((i) => i >= 0)).toEqual(marked);
  });

  it('embeds the CJK fonts (real glyphs, not tofu)', () => {
    const raw = body.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Bold/);
  });

  it('grows with the rows: a small class fits on one page after its cover', async () => {
    const small = await buildFonds(t.app, arch.headers);
    for (let i = 0; i < 3; i++) await create(wsRecord(small.categoryId));
    const res = await t.app.inject({ url: url(small.categoryId), headers: arch.headers });
    expect((await pdfPages(res.rawPayload)).length).toBe(2);
  });
});

describe('what the actor may see', () => {
  it('numbers 序号 from 1 in whatever the filter leaves (only archived 件 here)', async () => {
    const f = await buildFonds(t.app, arch.headers);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await create(wsRecord(f.categoryId))).id);
    await t.app.inject({ method: 'POST', url: '/api/records/archive', headers: arch.headers, payload: { ids: ids.slice(2) } });
    const res = await t.app.inject({ url: url(f.categoryId, '&status=archived'), headers: arch.headers });
    const text = flat((await pdfPages(res.rawPayload)).slice(1).join(' '));
    expect(text).toContain(`1${f.fondsCode}-WS·2021-Y-BGS-0003`);
    expect(text).toContain(`3${f.fondsCode}-WS·2021-Y-BGS-0005`);
    expect(text).not.toContain('BGS-0001');
  });

  it('leaves out what is above the actor\'s 密级; 404 outside their fonds; 403 for a reader; 401 signed out', async () => {
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [big.fondsCode], clearance: 'internal' });
    const res = await t.app.inject({ url: url(big.categoryId), headers: officer.headers });
    expect(res.statusCode).toBe(200);
    const text = flat((await pdfPages(res.rawPayload)).join(' '));
    const secret = (await t.app.inject({ url: `/api/records?categoryId=${big.categoryId}&security=mimi&limit=500`, headers: arch.headers })).json().items
      .map((r: { archivalCode: string }) => r.archivalCode) as string[];
    expect(secret.length).toBe(Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 7 === 3).length);
    expect(text).not.toContain('秘密');
    for (const code of secret) expect(text).not.toContain(code);
    expect(text.match(/-WS·2021-Y-BGS-\d{4}/g)?.length).toBe(200 - secret.length);
    const outsider = await signedIn(t, ['records_officer'], { fondsScope: ['ZZZZ'] });
    for (const u of [url(big.categoryId), `/api/print/box-spines?categoryId=${big.categoryId}&year=2021&retention=Y&perBox=10`]) {
      expect((await t.app.inject({ url: u, headers: outsider.headers })).statusCode).toBe(404);
    }
    const reader = await signedIn(t, ['reader']);
    expect((await t.app.inject({ url: url(big.categoryId), headers: reader.headers })).json().code).toBe('forbidden');
    expect((await t.app.inject({ url: '/api/print/catalogue', headers: reader.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: url(big.categoryId) })).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('print with a catalogue:read token, within the owner\'s clearance', async () => {
    const owner = await signedIn(t, ['archivist'], { clearance: 'internal' });
    const tok = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'print', scopes: ['catalogue:read'] } })).json();
    const res = await t.app.inject({ url: url(big.categoryId), headers: { authorization: `Bearer ${tok.secret}` } });
    expect(res.statusCode).toBe(200);
    expect(flat((await pdfPages(res.rawPayload)).join(' '))).not.toContain('秘密');
  });
});

describe('reading a class in keyset pages', () => {
  it('returns every row once, in 档号 order, whatever the page size', async () => {
    const scope = { fondsCodes: null, securities: ['public', 'internal', 'mimi'] as never, canManage: true };
    const q = { categoryId: big.categoryId, year: 2021, retention: 'Y' as const, orgCode: 'BGS' };
    const seqs: number[] = [];
    for await (const r of classRows(t.c.db, scope, q, 7)) seqs.push(r.seq_no);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
