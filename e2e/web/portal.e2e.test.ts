import sharp from 'sharp';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { a11yProblems } from './support/a11y.ts';
import { shot } from './support/browser.ts';
import { fresh, login, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 开放审核 in the workbench (queue → pre-screen hits → decision → publish) and the public portal (search → record →
// viewer, notices, 404s, mobile), against the real server.
const s = useShell();
const FONDS = 'K901';
const recordIds: string[] = [];

async function session(who: { username: string; password: string }) {
  const r = await fetch(`${s.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (!r.ok) throw new Error(`login ${who.username}: ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  return async <T>(method: string, path: string, body?: unknown, form?: FormData): Promise<T> => {
    const res = await fetch(`${s.server.url}${path}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

async function scanImage() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="2200"><rect width="100%" height="100%" fill="#f3ead5"/>
    <text x="800" y="260" font-size="90" text-anchor="middle" fill="#222" font-family="Noto Sans CJK SC">晋阳市水利局</text>
    ${Array.from({ length: 14 }, (_, i) => `<rect x="180" y="${420 + i * 110}" width="${1240 - (i % 4) * 160}" height="30" fill="#444"/>`).join('')}
    <circle cx="1250" cy="1900" r="150" fill="none" stroke="#c0392b" stroke-width="14"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
async function pdf(n: number) {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (let i = 1; i <= n; i++) doc.addPage().fontSize(36).text(`Page ${i} / ${n}`, 80, 100).rect(80, 200, 420, 500).stroke();
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  const users = s.server.users!;
  const a1 = await session(users.archivist!);
  const f = await a1<{ id: string }>('POST', '/api/fonds', { code: FONDS, name: '晋阳市水利局', agency: '晋阳市水利局', startYear: 1980 });
  const c = await a1<{ id: string }>('POST', `/api/fonds/${f.id}/categories`, { template: 'WS' });
  const rows = [
    { title: '关于修建汾河灌区引水渠工程的报告', remarks: '' },
    { title: '关于张建国同志劳教问题的复查意见', remarks: '联系电话13912345678' },
    { title: '汾河防汛工作会议纪要', remarks: '' },
  ];
  for (const r of rows) {
    const rec = await a1<{ id: string }>('POST', '/api/records', { categoryId: c.id, ...r, responsible: '晋阳市水利局', docNumber: '', docDate: '19900612', year: 1990, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 4 });
    recordIds.push(rec.id);
  }
  await a1('POST', '/api/records/archive', { ids: recordIds });
  for (const [name, bytes] of [['灌区工程图.jpg', await scanImage()], ['报告.pdf', await pdf(3)]] as const) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    await a1('POST', `/api/records/${recordIds[0]}/files`, undefined, form);
  }
  await a1('POST', '/api/open-review/terms', { term: '劳教', category: 'political' });
  await a1('POST', '/api/notices', { title: '关于开放 1990 年水利档案的公告', body: '第一段：本馆开放 1990 年形成的水利档案。\n\n第二段：<script>window.__xss=1</script><img src=x onerror="window.__xss=2">', published: true });
}, 120_000);

describe('开放审核 in the workbench', () => {
  it('finds due records, shows the pre-screen hits, and records a batch 初审 decision', async () => {
    const { page } = s;
    const who = s.server.users!.archivist!;
    await fresh(page, s.web.url);
    await login(page, who);
    await passForcedChange(page, who);
    await openNav(page, 'openReview');
    await page.getByTestId('review-scan').click();
    await expect.poll(async () => { await page.getByTestId('review-stage').click(); await page.keyboard.press('Escape'); return page.locator('[data-testid=review-table] tbody tr.ant-table-row').count(); }, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await page.getByTestId('review-table').getByText('关于张建国同志劳教问题的复查意见').click();
    await page.getByTestId('review-drawer').getByTestId('review-hit').first().waitFor();
    const marks = await page.getByTestId('review-drawer').locator('mark.hit').allInnerTexts();
    expect(marks).toEqual(expect.arrayContaining(['劳教', '13912345678']));
    await settled(page);
    await shot(page, 'portal-01-review-hits', false);
    await page.keyboard.press('Escape');
    for (const t of ['关于修建汾河灌区引水渠工程的报告', '汾河防汛工作会议纪要']) await page.getByTestId('review-table').locator('tr', { hasText: t }).locator('input[type=checkbox]').check();
    await page.getByTestId('review-decide').click();
    await page.getByTestId('decide-reason').fill('经审核，内容不涉及国家秘密和个人隐私，同意开放');
    await shot(page, 'portal-02-review-decide', false);
    await page.getByTestId('decide-ok').click();
    await page.getByText('已决定 0 件，进入下一阶段 2 件').waitFor();
    // 复审 by the second archivist (through the API), then publication from the workbench.
    const a2 = await session(s.server.users!.archivist2!);
    const queue = await a2<{ items: { id: string; title: string }[] }>('GET', '/api/open-review/reviews?stage=final');
    await a2('POST', '/api/open-review/decide', { ids: queue.items.map((i) => i.id), decision: 'open', reason: '复审同意开放' });
    await page.getByTestId('review-publish').click();
    await page.getByText(/已公布 KF-\d{4}-\d{3}：2 件/).waitFor();
    await settled(page);
    await shot(page, 'portal-03-review-published');
  });
});

/** Portal search reads the search index: rebuild it (as the worker's indexer would keep it) and wait for the job. */
async function indexed() {
  const a1 = await session(s.server.users!.archivist!);
  const { jobId } = await a1<{ jobId: string }>('POST', '/api/search/reindex', {});
  await expect.poll(async () => (await a1<{ state: string }>('GET', `/api/jobs/${jobId}`)).state, { timeout: 60_000 }).toBe('completed');
}

describe('public portal', () => {
  it('searches opened records, opens a record page and views its image and PDF pages', async () => {
    const { page } = s;
    await indexed();
    await page.goto(`${s.web.url}/portal`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByTestId('portal-q').fill('汾河');
    await page.getByTestId('portal-search').click();
    await expect.poll(() => page.getByTestId('portal-count').innerText()).toBe('共找到 2 条');
    expect(await page.getByText('劳教').count()).toBe(0);
    await page.getByTestId('portal-notices').getByText('关于开放 1990 年水利档案的公告').waitFor();
    await shot(page, 'portal-04-search');
    await page.getByRole('link', { name: '关于修建汾河灌区引水渠工程的报告' }).click();
    await page.getByTestId('portal-record').getByRole('heading', { name: '关于修建汾河灌区引水渠工程的报告' }).waitFor();
    const img = page.getByTestId('viewer-image');
    await img.waitFor();
    await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBeGreaterThan(500);
    await page.getByTestId('viewer-zoom-in').click();
    await shot(page, 'portal-05-record-image');
    await page.getByRole('tab', { name: '报告.pdf' }).click();
    await expect.poll(() => page.getByTestId('viewer-page').innerText()).toBe('第 1 页，共 3 页');
    await page.getByTestId('viewer-next').click();
    await expect.poll(() => page.getByTestId('viewer-page').innerText()).toBe('第 2 页，共 3 页');
    await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth > 0 && e.src.includes('~2/'))).toBe(true);
    await shot(page, 'portal-06-record-pdf');
  });

  it('answers an unopened record like a missing one, and renders notices as text (no script runs)', async () => {
    const { page } = s;
    await page.goto(`${s.web.url}/portal/records/${recordIds[1]}`);
    await page.getByTestId('portal-not-found').waitFor();
    await page.goto(`${s.web.url}/portal/records/00000000-0000-4000-8000-000000000000`);
    await page.getByTestId('portal-not-found').waitFor();
    await page.goto(`${s.web.url}/portal/notices`);
    await page.getByRole('link', { name: '关于开放 1990 年水利档案的公告' }).click();
    const notice = page.getByTestId('portal-notice');
    await notice.getByText('<script>window.__xss=1</script>', { exact: false }).waitFor();
    expect(await notice.locator('p.notice-p').count()).toBe(2);
    expect(await notice.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot(page, 'portal-07-notice');
  });

  it('works by keyboard, switches to English, and fits a phone screen', async () => {
    const { page } = s;
    await page.goto(`${s.web.url}/portal`);
    await page.getByTestId('portal-q').waitFor();
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.getByTestId('portal-lang').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('heading', { name: 'Search opened records' }).waitFor();
    expect(await page.getByLabel('Search terms').count()).toBe(1);
    // WCAG basics on every portal page, in English and in Chinese: contrast, labels, names, alt text, <main>, lang.
    for (const lang of ['en', 'zh-CN']) {
      for (const path of ['/portal', `/portal?q=${encodeURIComponent('汾河')}`, `/portal/records/${recordIds[0]}`, '/portal/notices', '/portal/request', '/portal/track']) {
        await page.goto(`${s.web.url}${path}`);
        await page.locator('main').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        expect(await a11yProblems(page), `${lang} ${path}`).toEqual([]);
      }
      if (lang === 'en') {
        await shot(page, 'portal-10-track-en');
        await page.getByTestId('portal-lang').click();
      }
    }
    const phone = await s.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2 });
    try {
      await phone.goto(`${s.web.url}/portal?q=${encodeURIComponent('汾河')}`);
      await expect.poll(() => phone.getByTestId('portal-count').innerText()).toBe('共找到 2 条');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(phone, 'portal-08-mobile-search');
      await phone.getByRole('link', { name: '关于修建汾河灌区引水渠工程的报告' }).click();
      await phone.getByTestId('viewer-image').waitFor();
      await expect.poll(() => phone.getByTestId('viewer-image').evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBeGreaterThan(300);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(phone, 'portal-09-mobile-record');
    } finally {
      await phone.close();
    }
    expect(s.problems).toEqual([]);
  });
});
