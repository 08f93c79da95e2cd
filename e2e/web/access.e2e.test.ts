import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { fresh, login, logout, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 利用: a reader files a request (with markup in its purpose), the archivists attach a record and approve it,
// deliver it for online viewing, the reader views the watermarked page; the statistics page shows the activity.
const s = useShell();

const scan = () => sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#eeeae0' } })
  .composite([{ input: Buffer.from(`<svg width="1240" height="1754"><text x="140" y="260" font-size="64" font-family="Noto Serif CJK SC">结婚登记审查处理表</text>
    <rect x="120" y="320" width="1000" height="4" fill="#333"/><text x="140" y="420" font-size="40" font-family="Noto Serif CJK SC">男方 张三　女方 李四　一九八五年五月</text></svg>`) }])
  .jpeg({ quality: 88 }).toBuffer();

describe('查档利用 in the workbench', () => {
  it('reader → approval → watermarked online viewing, with markup shown as text; statistics', async (ctx) => {
    const arch = s.server.users?.archivist;
    const arch2 = s.server.users?.archivist2;
    const sec = s.server.users?.secadmin;
    if (!arch || !arch2 || !sec) return ctx.skip();
    const { page } = s;
    // A reader account: created by the 系统管理员, granted by the 安全保密管理员.
    const admin = await apiLogin(s.server.url, s.server.admin);
    const readerUser = await admin.send<{ id: string }>('POST', '/api/users', { username: 'reader_e2e', displayName: '张利用', password: 'Reader-e2e-2025' });
    await (await apiLogin(s.server.url, sec)).send('PUT', `/api/users/${readerUser.id}/grants`, { roles: ['reader'], clearance: 'public', fondsScope: [] });
    // A record with a scanned page, through the API.
    const a1 = await apiLogin(s.server.url, arch);
    const fonds = await a1.send<{ id: string }>('POST', '/api/fonds', { code: 'M801', name: '兰台市民政局', agency: '兰台市民政局', startYear: 1980 });
    const cat = await a1.send<{ id: string }>('POST', `/api/fonds/${fonds.id}/categories`, { template: 'WS' });
    const rec = await a1.send<{ id: string }>('POST', '/api/records', { categoryId: cat.id, title: '张三、李四结婚登记审查处理表', responsible: '民政科', docNumber: '', docDate: '19850512', year: 1985, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 1 });
    const login1 = await fetch(`${s.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(arch) });
    const cookie = (login1.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login1.json()) as { csrfToken: string };
    const form = new FormData();
    form.append('file', new Blob([await scan()]), '结婚登记审查处理表.jpg');
    expect((await fetch(`${s.server.url}/api/records/${rec.id}/files`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form })).status).toBe(200);

    // The reader files a request; the purpose carries markup that must stay text.
    await fresh(page, s.web.url);
    const reader = await (async () => { await login(page, { username: 'reader_e2e', password: 'Reader-e2e-2025' }); return passForcedChange(page, { username: 'reader_e2e', password: 'Reader-e2e-2025' }); })();
    await openNav(page, 'accessMine');
    expect(await page.getByTestId('nav-catalogue').count()).toBe(0);
    await page.getByTestId('access-new').click();
    const xss = '<img src=x onerror="window.__xss=1">办理婚姻证明';
    await page.getByTestId('access-purpose-detail').fill(xss);
    await page.getByTestId('access-content').fill('1985 年 张三、李四 结婚登记档案');
    await page.getByTestId('access-submit').click();
    await page.getByText(/申请已提交，编号 CD-\d{4}-\d{6}/).waitFor();
    await page.getByTestId('access-open').first().click();
    await page.getByTestId('access-drawer').waitFor();
    await expect.poll(() => page.getByTestId('access-purpose-text').innerText()).toBe(xss);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const number = await page.getByTestId('access-number').innerText();
    await settled(page);
    await shot(page, 'access-reader-request');
    await page.keyboard.press('Escape');

    // The archivists: attach the record (API), approve step 1 in the browser, step 2 by the second archivist (API).
    const mine = await a1.get<{ items: { id: string; number: string }[] }>('/api/access/requests?q=' + number);
    const reqId = mine.items[0]!.id;
    await a1.send('PUT', `/api/access/requests/${reqId}/items`, { recordIds: [rec.id] });
    await logout(page);
    await login(page, arch);
    await passForcedChange(page, arch);
    await openNav(page, 'accessQueue');
    await page.getByTestId('access-open').filter({ hasText: number }).click();
    await page.getByTestId('access-drawer').waitFor();
    await page.getByTestId('access-reason').fill('材料齐全，同意');
    await page.getByTestId('access-approve').click();
    await page.getByText('已提交审批意见').waitFor();
    await (await apiLogin(s.server.url, arch2)).send('POST', `/api/access/requests/${reqId}/decisions`, { decision: 'approve', stepIndex: 1, reason: '同意' });
    await page.keyboard.press('Escape');
    await page.getByTestId('access-scope').getByText('全部申请').click();
    await page.getByTestId('access-open').filter({ hasText: number }).click();
    await expect.poll(() => page.getByTestId('access-status').innerText()).toBe('已批准');
    await page.getByTestId('access-deliver').click();
    await page.getByText('已创建交付').waitFor();
    await settled(page);
    await shot(page, 'access-archivist-drawer');
    await page.keyboard.press('Escape');
    await openNav(page, 'accessStats');
    await page.getByTestId('access-chart').waitFor();
    await settled(page);
    await shot(page, 'access-stats');

    // The reader views the delivered page: a watermarked image rendered by the server.
    await logout(page);
    await login(page, reader);
    await openNav(page, 'accessMine');
    await page.getByTestId('access-open').first().click();
    await page.getByTestId('access-view').click();
    const img = page.getByTestId('viewer-image');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBe(1240);
    await settled(page);
    await shot(page, 'access-viewer');
    expect(s.problems).toEqual([]);
  });
});
