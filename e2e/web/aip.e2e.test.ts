import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.ts';
import { fresh, login, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';
import { apiLogin } from './support/api.ts';

// 长期保存 panel of the record drawer: an archivist archives a record with two files (through the API),
// the worker packs its AIP, and the drawer shows the version, digests, size, download and PREMIS events.
const s = useShell();

describe('AIP panel', () => {
  it('archivist: the record drawer shows AIP versions with digests, size, download and PREMIS events', async (ctx) => {
    const who = s.server.users?.archivist;
    if (!who) return ctx.skip();
    const { page } = s;
    // First sign-in in the browser (the account may have to change its password), then the API with the same password.
    await fresh(page, s.web.url);
    await login(page, who);
    const now = await passForcedChange(page, who);
    const api = await apiLogin(s.server.url, now);
    const fonds = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'A901', name: '兰台市档案局', agency: '兰台市档案局', startYear: 2020 });
    const cat = await api.send<{ id: string }>('POST', `/api/fonds/${fonds.id}/categories`, { template: 'WS' });
    const rec = await api.send<{ id: string; archivalCode: string }>('POST', '/api/records', {
      categoryId: cat.id, title: '关于开展电子档案长期保存工作的通知', responsible: '办公室', docNumber: '兰档发〔2024〕3号', docDate: '20240315',
      year: 2024, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 2,
    });
    await api.upload(rec.id, '正文.pdf', Buffer.from('%PDF-1.4\n% 兰台 AIP e2e\n%%EOF\n'));
    await api.upload(rec.id, '附件 登记表.txt', Buffer.from('电子档案登记表\n'));
    await api.send('POST', '/api/records/archive', { ids: [rec.id] });
    // The build job runs on the worker; wait for version 1.
    await expect.poll(async () => (await api.send<{ items: unknown[] }>('GET', `/api/records/${rec.id}/aips`)).items.length, { timeout: 60_000 }).toBe(1);

    await openNav(page, 'catalogue');
    await page.getByTestId('class-tree').waitFor();
    await page.getByTestId('tree-A901').click();
    await page.getByTestId('tree-A901-WS').click();
    await page.getByTestId(`record-open-${rec.archivalCode}`).click();
    await page.getByTestId('record-drawer').waitFor();
    await page.getByTestId('tab-aip').click();
    await page.getByTestId('aip-v1').waitFor();
    const href = await page.getByTestId('aip-download-1').getAttribute('href');
    expect(href).toBe(`/api/records/${rec.id}/aips/1/content`);
    await expect.poll(() => page.getByTestId('aip-events').innerText()).toContain('生成信息包');
    const dl = await fetch(`${s.server.url}${href}`, { headers: api.headers });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/x-tar');

    // Building again with nothing changed says so and makes no new version.
    await page.getByTestId('aip-build').click();
    await page.getByText('内容未变化，无需生成新版本').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('aip-v2').count()).toBe(0);
    await settled(page);
    await shot(page, '60-record-aip-panel', false);
    expect(s.problems).toEqual([]);
  });
});
