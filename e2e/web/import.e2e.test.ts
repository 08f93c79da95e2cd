import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, type ApiClient } from './support/api.ts';
import { shot } from './support/browser.ts';
import { fresh, login, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 目录导入 in the browser: a csv with two bad rows is refused row by row; the fixed file validates and commits
// (all or nothing), and the records are in the catalogue (checked through the API).
const s = useShell();
const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

const HEADER = ['题名', '年度', '保管期限', '机构(问题)', '日期', '责任者', '页数', '密级'];
const row = (i: number, over: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = {
    题名: `关于做好${i}月份安全生产工作的通知`, 年度: '2021', 保管期限: '永久', '机构(问题)': '办公室', 日期: `2021-0${i}-10`, 责任者: '某县教育局', 页数: '2', 密级: '公开', ...over,
  };
  return HEADER.map((h) => r[h]!);
};
const csv = (rows: string[][]) => Buffer.from([HEADER, ...rows].map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') + '\r\n', 'utf8');
const GOOD = [row(1), row(2), row(3, { 保管期限: '定期30年', '机构(问题)': 'RSK' }), row(4)];
const BAD = [row(1), row(2, { 年度: '20x1' }), row(3, { 保管期限: '永远' }), row(4)];

let api: ApiClient;
let categoryId = '';

async function upload(page: Page, name: string, data: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: data });
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-mapping').waitFor();
}

describe('catalogue import wizard', () => {
  it('shows the bad rows of a csv with their reasons and refuses to commit', async () => {
    const who = s.server.users?.archivist;
    if (!who) throw new Error('the e2e server has no archivist');
    api = await apiLogin(s.server.url, who);
    const f = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'J101', name: '某县教育局', agency: '某县教育局', startYear: 2015, endYear: 2021 });
    categoryId = (await api.send<{ id: string }>('POST', `/api/fonds/${f.id}/categories`, { template: 'WS' })).id;

    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, who);
    await page.goto(`${s.web.url}/import?category=${categoryId}`);
    await page.getByTestId('import-all-or-nothing').waitFor();
    await expect.poll(() => text(page, 'pick-category'), { timeout: 10_000 }).toContain('WS 文书');
    await settled(page);
    await shot(page, '50-import-upload');

    await upload(page, '教育局目录-有错.csv', csv(BAD));
    expect(await text(page, 'import-detected')).toBe('UTF-8');
    expect(await text(page, 'import-filename')).toBe('教育局目录-有错.csv');
    expect(await page.getByTestId('import-missing').count()).toBe(0);
    await settled(page);
    await shot(page, '51-import-mapping');

    await page.getByTestId('import-validate').click();
    await page.getByTestId('import-has-errors').waitFor({ timeout: 30_000 });
    expect(await text(page, 'import-has-errors')).toContain('有 2 行存在错误');
    const issues = page.getByTestId('import-issues');
    await issues.getByText('年度应为 4 位数字：20x1').waitFor();
    await issues.getByText(/无法识别的保管期限：永远/).waitFor();
    const cells = await issues.locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    expect(cells.map(Number).sort()).toEqual([3, 4]);
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await settled(page);
    await shot(page, '52-import-errors');
  });

  it('takes the fixed file, validates it clean and commits it; the records are in the catalogue', async () => {
    const { page } = s;
    await page.getByTestId('import-restart').click();
    await upload(page, '教育局目录.csv', csv(GOOD));
    await page.getByTestId('import-validate').click();
    await page.getByTestId('import-clean').waitFor({ timeout: 30_000 });
    expect(await text(page, 'import-clean')).toContain('4 行均无错误');
    await settled(page);
    await shot(page, '53-import-clean');

    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-commit-confirm').click();
    await expect.poll(() => text(page, 'import-done'), { timeout: 30_000 }).toBe('导入完成：已创建 4 条档案记录');
    expect(await page.getByTestId('import-commit-progress').getAttribute('data-state')).toBe('completed');
    await settled(page);
    await shot(page, '54-import-done');
    await page.getByTestId('lang-switch').click();
    expect(await text(page, 'import-done')).toBe('Import complete: 4 records created');
    await page.getByTestId('import-step-validate').getByText('Validate').waitFor();
    await shot(page, '55-import-done-en');
    await page.getByTestId('lang-switch').click();

    const records = await api.get<{ total: number; items: { archivalCode: string; title: string; status: string }[] }>(`/api/records?categoryId=${categoryId}&limit=50`);
    expect(records.total).toBe(4);
    expect(records.items.map((r) => r.archivalCode)).toEqual(['J101-WS·2021-D30-RSK-0001', 'J101-WS·2021-Y-BGS-0001', 'J101-WS·2021-Y-BGS-0002', 'J101-WS·2021-Y-BGS-0003']);
    expect(records.items.every((r) => r.status === 'draft')).toBe(true);
    const fonds = await api.get<{ items: { code: string; recordCount: number }[] }>('/api/fonds');
    expect(fonds.items.find((x) => x.code === 'J101')?.recordCount).toBe(4);
    await page.getByTestId('import-to-catalogue').click();
    await page.waitForURL(/\/catalogue/);
    expect(s.problems).toEqual([]);
  });
});
