import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { choose, fillDate, rows, toast } from './support/antd.ts';
import { shot } from './support/browser.ts';
import { fresh, login, logout, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 档案管理: the demo archive (J001 … Z109 at 5 %) browsed and edited by a 档案管理员 and a 立档单位档案员.
const s = useShell();
const YEAR = new Date().getFullYear(); // the demo stops at last year: this year's classes start empty
const TITLE = '关于印发档案工作规范化管理办法的通知';
const CODE = `J001-WS·${YEAR}-Y-BGS-0001`;
let seeded = false;

beforeAll(async () => {
  if (!s.server.seedDemo || !s.server.users?.archivist) return;
  await s.server.seedDemo(0.05);
  seeded = true;
});

async function signIn(role: 'archivist' | 'records_officer') {
  const who = s.server.users![role]!;
  await fresh(s.page, s.web.url);
  await login(s.page, who);
  await passForcedChange(s.page, who);
  await openNav(s.page, 'catalogue');
  await s.page.getByTestId('class-tree').waitFor();
}

const totalText = () => s.page.locator('.ant-pagination-total-text').innerText();

describe('catalogue', () => {
  it('archivist: tree 全宗 → 门类 → 年度 with counts, rows, title filter, column chooser', async (ctx) => {
    if (!seeded) return ctx.skip();
    await signIn('archivist');
    const { page } = s;
    await page.getByTestId('tree-J001').click();
    await page.getByTestId('tree-J001-WS').click();
    const year = page.getByTestId(/^tree-J001-WS-\d{4}$/).first();
    const yearId = (await year.getAttribute('data-testid'))!;
    expect(yearId).toMatch(/^tree-J001-WS-\d{4}$/);
    const count = Number(await year.locator('.lantai-tree-count').innerText());
    expect(count).toBeGreaterThan(0);
    await year.click();
    await expect.poll(totalText).toBe(`共 ${count} 条`);
    await page.getByTestId(`${yearId}-Y`).or(page.getByTestId(`${yearId}-D30`)).first().waitFor();
    expect(await rows(page).count()).toBe(Math.min(count, 20));
    await settled(page);
    await shot(page, '20-catalogue-tree');

    const firstTitle = await rows(page).first().locator('[data-testid^="record-open-"]').innerText();
    const word = firstTitle.replace(/^关于/, '').slice(0, 6);
    await page.getByTestId('catalogue-search').locator('input').fill(word);
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
    await expect.poll(async () => (await rows(page).allInnerTexts()).every((r) => r.includes(word))).toBe(true);
    expect(await rows(page).count()).toBeGreaterThan(0);
    await page.getByTestId('column-chooser-open').click();
    await page.getByTestId('column-toggle-pages').click();
    await page.getByTestId('records-table').locator('th', { hasText: '页数' }).waitFor();
    await page.getByTestId('column-chooser-open').click();
    await page.getByTestId('column-chooser').waitFor({ state: 'hidden' });
    await settled(page);
    await shot(page, '21-catalogue-filtered');
    await page.getByTestId('catalogue-search').locator('input').fill('');
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
  });

  it('archivist: creates a record (server issues on the fields), edits it, history, file, archive', async (ctx) => {
    if (!seeded) return ctx.skip();
    const { page } = s;
    await page.getByTestId('tree-J001-WS').click();
    await page.getByTestId('record-create').click();
    await page.getByTestId('record-form').waitFor();
    await page.getByTestId('field-title').fill(TITLE);
    await fillDate(page, 'field-docDate', `${YEAR}0315`);
    await expect.poll(() => page.getByTestId('field-year').inputValue()).toBe(String(YEAR)); // the year follows the date
    await choose(page, 'field-scopeCode', '1.1');
    await choose(page, 'field-orgCode', '办公室');
    await page.getByTestId('field-year').fill(String(YEAR - 1)); // date and year disagree: the server says so on 日期
    await page.getByTestId('record-save').click();
    await page.locator('.ant-form-item-explain-error', { hasText: `与年度 ${YEAR - 1} 不符` }).waitFor();
    await shot(page, '22-record-issues', false);
    await page.getByTestId('field-year').fill(String(YEAR));
    await page.getByTestId('record-save').click();
    await expect.poll(() => page.getByTestId('record-code-value').innerText()).toBe(CODE);
    expect(await page.getByTestId('record-status').innerText()).toBe('草稿');

    await page.getByTestId('field-title').fill(`${TITLE}（修订）`);
    await page.locator('input[data-testid="field-pages"], [data-testid="field-pages"] input').first().fill('12');
    await page.getByTestId('record-save').click();
    await toast(page, '已保存');
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.getByTestId('history-action-2').innerText()).toBe('修改');
    expect(await page.getByTestId('history-diff-2').innerText()).toContain('（修订）');
    expect(await page.getByTestId('history-action-1').innerText()).toBe('著录');
    await settled(page);
    await shot(page, '23-record-history', false);

    await page.getByTestId('tab-files').click();
    await page.getByTestId('file-upload').locator('input[type=file]').setInputFiles({ name: '正文.txt', mimeType: 'text/plain', buffer: Buffer.from('兰台 e2e 正文\n') });
    await page.getByTestId('file-正文.txt').waitFor();
    await settled(page);
    await shot(page, '24-record-files', false);

    await page.getByTestId('record-archive').click();
    await page.getByTestId('archive-ok').click();
    await expect.poll(() => page.getByTestId('record-status').innerText()).toBe('已归档');
    await page.getByTestId('tab-form').click();
    await page.getByTestId('record-frozen').waitFor();
    expect(await page.locator('input[data-testid="field-year"], [data-testid="field-year"] input').first().isDisabled()).toBe(true);
    await shot(page, '25-record-archived', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('record-drawer').waitFor({ state: 'detached' });
    await page.getByTestId(`tree-J001-WS-${YEAR}`).waitFor();
  });

  it('archivist: stale edit gets the server message and reloads', async (ctx) => {
    if (!seeded) return ctx.skip();
    const { page } = s;
    await page.getByTestId(`tree-J001-WS-${YEAR}`).click();
    await page.getByTestId(`record-open-${CODE}`).click();
    await page.getByTestId('record-form').waitFor();
    // Someone else saves first (same session, straight to the API).
    await page.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const list = (await (await fetch('/api/records?q=%E4%BF%AE%E8%AE%A2')).json()) as { items: { id: string; version: number }[] };
      const r = list.items[0]!;
      await fetch(`/api/records/${r.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify({ version: r.version, remarks: '他人修改' }) });
    });
    await page.getByTestId('field-remarks').fill('我的修改');
    await page.getByTestId('record-save').click();
    await expect.poll(() => page.getByTestId('record-stale').innerText()).toContain('数据已被他人修改');
    await shot(page, '26-record-stale', false);
    await page.getByTestId('record-reload').click();
    await expect.poll(() => page.getByTestId('field-remarks').inputValue()).toBe('他人修改');
    await page.keyboard.press('Escape');
    await page.getByTestId('record-drawer').waitFor({ state: 'detached' });
  });

  it('archivist: batch-edits two rows, exports the filter, print and renumber dialogs', async (ctx) => {
    if (!seeded) return ctx.skip();
    const { page } = s;
    const year = page.getByTestId(/^tree-J001-WS-\d{4}$/).nth(1); // a demo year, not this year's
    await year.click();
    await rows(page).nth(1).waitFor();
    await rows(page).nth(0).locator('.ant-checkbox-input').check();
    await rows(page).nth(1).locator('.ant-checkbox-input').check();
    await expect.poll(() => page.getByTestId('selection-count').innerText()).toBe('已选 2 条');
    await page.getByTestId('batch-edit-open').click();
    await page.getByTestId('batch-on-responsible').click();
    await page.getByTestId('batch-responsible').fill('晋阳市档案馆综合科');
    await shot(page, '27-batch-edit');
    await page.getByTestId('batch-submit').click();
    await toast(page, '已修改 2 条');
    await expect.poll(async () => (await rows(page).allInnerTexts()).filter((r) => r.includes('晋阳市档案馆综合科')).length).toBe(2);
    await settled(page);
    await shot(page, '28-batch-done');
    await page.getByTestId('selection-clear').click();

    await page.getByTestId('export-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^档案目录-.*\.xlsx$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const child = async (parent: typeof year) => page.getByTestId(new RegExp(`^${(await parent.getAttribute('data-testid'))!}-[^-]+$`)).first();
    const retention = await child(year);
    await retention.click(); // 保管期限
    await (await child(retention)).click(); // 机构: the lowest class
    await page.getByTestId('print-open').click();
    const href = (await page.getByTestId('print-catalogue').getAttribute('href'))!;
    const pdf = await page.request.get(`${s.web.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await shot(page, '29-print');
    await page.keyboard.press('Escape');
    await page.getByTestId('renumber-open').click();
    await page.getByTestId('renumber-explain').waitFor();
    expect(await page.getByTestId('renumber-explain').innerText()).toContain('已归档档案的档号保持不变');
    await shot(page, '30-renumber-confirm');
    await page.getByTestId('renumber-ok').click();
    await toast(page, /重新编号|无需更改/);
  });

  it('archivist: a 卷-mode 门类: new 案卷, then a 件 inside it', async (ctx) => {
    if (!seeded) return ctx.skip();
    const { page } = s;
    await page.getByTestId('tree-Z109').click();
    await page.getByTestId('tree-Z109-KJ').click();
    await rows(page).first().waitFor();
    await settled(page);
    await shot(page, '35-volume-category');
    await page.getByTestId('record-create-volume').click();
    await page.getByTestId('field-title').fill(`${YEAR}年第1季度记账凭证`);
    await page.getByTestId('field-year').fill(String(YEAR));
    await choose(page, 'field-scopeCode', 'PZ');
    await page.getByTestId('record-save').click();
    const volume = `Z109-KJ-${YEAR}-D30-001`;
    await expect.poll(() => page.getByTestId('record-code-value').innerText()).toBe(volume);
    await page.getByTestId('tab-items').click();
    await page.getByTestId('item-add').click();
    await expect.poll(() => page.getByTestId('field-year').inputValue()).toBe(String(YEAR)); // the 件 starts from its 卷's class
    await page.getByTestId('field-title').fill(`${YEAR}年1月记账凭证（第1册）`);
    await choose(page, 'field-scopeCode', 'PZ');
    await page.getByTestId('record-save').click();
    await expect.poll(() => page.getByTestId('record-code-value').innerText()).toBe(`${volume}-0001`);
    await page.keyboard.press('Escape');
    await page.getByTestId(`tree-Z109-KJ-${YEAR}`).click();
    await page.getByTestId(`record-open-${volume}`).click();
    await page.getByTestId('tab-items').click();
    await page.getByTestId(`item-open-${volume}-0001`).waitFor();
    await settled(page);
    await shot(page, '34-volume-items', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('record-drawer').waitFor({ state: 'detached' });
  });

  it('archivist: the page in English', async (ctx) => {
    if (!seeded) return ctx.skip();
    const { page } = s;
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('page-title').filter({ hasText: 'Catalogue' }).waitFor();
    await page.getByTestId(`tree-J001-WS-${YEAR}`).click();
    await page.getByTestId(`record-open-${CODE}`).click();
    await page.getByTestId('tab-history').click();
    await page.getByTestId('history-action-1').filter({ hasText: 'Described' }).waitFor();
    await settled(page);
    await shot(page, '31-record-en', false);
    await page.keyboard.press('Escape');
    await settled(page);
    await shot(page, '32-catalogue-en');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('page-title').filter({ hasText: '档案管理' }).waitFor();
    await logout(page);
  });

  it('records officer: sees only their fonds, cannot archive or renumber', async (ctx) => {
    if (!seeded || !s.server.users?.records_officer) return ctx.skip();
    await signIn('records_officer');
    const { page } = s;
    await page.getByTestId('tree-J002').waitFor();
    for (const other of ['J001', 'J003', 'Z109']) expect(await page.getByTestId(`tree-${other}`).count()).toBe(0);
    await page.getByTestId('tree-J002').click();
    await page.getByTestId('tree-J002-WS').click();
    await rows(page).first().waitFor();
    expect(await page.getByTestId('renumber-open').count()).toBe(0);
    await rows(page).nth(0).locator('.ant-checkbox-input').check();
    await page.getByTestId('batch-edit-open').waitFor();
    expect(await page.getByTestId('batch-archive').count()).toBe(0);
    await settled(page);
    await shot(page, '33-catalogue-officer');
    await logout(page);
  });

  it('had no uncaught errors in the browser', () => {
    expect(s.problems).toEqual([]);
  });
});
