import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.ts';
import { fresh, login, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';
import { apiLogin } from './support/api.ts';

// 全文检索: an archivist creates records (one with a text file) through the API, rebuilds the index from the search
// page (a job with a progress bar), searches with Chinese words, sees highlights, facets and the preview drawer.
const s = useShell();

describe('search page', () => {
  it('archivist: rebuild the index, search Chinese words, see highlights, facets and the preview', async (ctx) => {
    const who = s.server.users?.archivist;
    if (!who) return ctx.skip();
    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, who);
    const now = await passForcedChange(page, who);
    const api = await apiLogin(s.server.url, now);
    const fonds = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'S901', name: '晋阳市水务局', agency: '晋阳市水务局', startYear: 2010 });
    const cat = await api.send<{ id: string }>('POST', `/api/fonds/${fonds.id}/categories`, { template: 'WS' });
    const base = { categoryId: cat.id, year: 2019, retention: 'Y', orgCode: 'BGS', security: 'public' };
    const titles = [
      ['关于汾河二坝至三坝段河道综合治理工程初步设计的批复', '晋阳市发展和改革委员会', '晋阳发改审〔2019〕88号'],
      ['晋阳市人民政府办公室关于成立汾河治理领导小组的通知', '晋阳市人民政府办公室', '晋阳政办发〔2019〕12号'],
      ['晋阳市水务局关于汛期汾河堤防隐患排查情况的报告', '晋阳市水务局', '晋阳水发〔2019〕15号'],
      ['晋阳市全面推行河长制工作方案', '晋阳市水务局', ''],
      ['晋阳市城市供水管网改造工程竣工验收报告', '晋阳市水务局', ''],
    ];
    const ids: string[] = [];
    for (const [title, responsible, docNumber] of titles) ids.push((await api.send<{ id: string }>('POST', '/api/records', { ...base, title, responsible, docNumber, docDate: '20190601' })).id);
    await api.upload(ids[3]!, '河长制工作方案.txt', Buffer.from('各县（市、区）要建立河长制办公室，汾河干流实行省市县乡四级河长。', 'utf8'));

    await openNav(page, 'search');
    await page.getByRole('button', { name: '重建索引' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => page.getByTestId('search-status').innerText(), { timeout: 60_000 }).toContain('已是最新');
    await expect.poll(() => page.getByTestId('search-total').innerText(), { timeout: 30_000 }).toBe('共 5 条');

    await page.getByTestId('search-box').locator('input').fill('汾河 治理');
    await page.getByTestId('search-box').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('共 2 条');
    const marks = await page.getByTestId('search-results').locator('mark').allInnerTexts();
    expect(marks).toEqual(expect.arrayContaining(['汾河', '治理']));
    await expect.poll(() => page.getByTestId('search-facets').innerText()).toContain('S901');

    // A word only in the file's text finds the record, with a snippet.
    await page.getByTestId('search-box').locator('input').fill('四级河长');
    await page.getByTestId('search-box').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('共 1 条');
    expect(await page.getByTestId('search-results').innerText()).toContain('全文');

    await page.getByTestId('search-box').locator('input').fill('汾河');
    await page.getByTestId('search-box').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('共 4 条');
    await settled(page);
    await shot(page, '70-search-results', false);
    await page.getByTestId('search-results').locator('.search-hit').first().click();
    await page.getByTestId('search-preview').waitFor();
    await expect.poll(() => page.getByTestId('search-preview').innerText()).toContain('档号');
    await settled(page);
    await shot(page, '71-search-preview', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('search-preview').waitFor({ state: 'hidden' });

    // The advanced form: 责任者 ANDed with the box (汾河 in a title or in the file text of the 水务局's records).
    await page.getByTestId('search-advanced-toggle').click();
    await page.getByTestId('search-advanced').getByLabel('责任者').fill('水务局');
    await page.getByTestId('search-advanced').getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => page.getByTestId('search-total').innerText()).toBe('共 2 条');
    expect(s.problems).toEqual([]);
  });
});
