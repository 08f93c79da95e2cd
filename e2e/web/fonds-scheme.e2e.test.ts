import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { choose, fresh, login, logout, numberInput, openNav, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';
import type { Credentials } from './support/server.ts';

// 全宗管理 and 分类方案 as 档案管理员: fonds, a 文书 category from its template, a scheme draft with a live 档号 preview,
// approval refused to the draft's author and given by a second archivist; the 立档单位档案员's read-only view.
const s = useShell();
const who = (role: 'archivist' | 'archivist2' | 'records_officer'): Credentials => {
  const c = s.server.users?.[role];
  if (!c) throw new Error(`the e2e server has no ${role}`);
  return c;
};
/** Waits for answers that follow a server round trip (a loaded CI machine may need a few seconds). */
const POLL = { timeout: 10_000 };
const text = (page: Page, testId: string) => page.getByTestId(testId).innerText();

async function signIn(c: Credentials) {
  await fresh(s.page, s.web.url);
  await login(s.page, c);
  await s.page.getByTestId('side-nav').waitFor();
}

let categoryUrl = '';

describe('fonds and classification schemes', () => {
  it('creates a fonds (全宗号 validated) and shows 409 stale_version when someone saved in between', async () => {
    const { page } = s;
    await signIn(who('archivist'));
    await openNav(page, 'fonds');
    await page.getByTestId('fonds-create').click();
    await page.getByTestId('fonds-code').fill('z1');
    await page.getByTestId('fonds-name').fill('某市文化和旅游局');
    await page.getByTestId('fonds-submit').click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '全宗号为 4 位数字或大写字母' }).waitFor();
    await page.getByTestId('fonds-code').fill('Z109');
    await page.getByTestId('fonds-agency').fill('某市文化和旅游局');
    await (await numberInput(page, 'fonds-start')).fill('2005');
    await (await numberInput(page, 'fonds-end')).fill('2011');
    await page.getByTestId('fonds-description').fill('本全宗包括该局 2005—2011 年形成的文书档案。');
    await page.getByTestId('fonds-history').fill('2005 年由原文化局与旅游局合并组建。\n2011 年机构改革后更名。');
    await page.getByTestId('fonds-submit').click();
    await page.getByTestId('fonds-open-Z109').waitFor();
    expect(await text(page, 'fonds-count-Z109')).toBe('0');
    await settled(page);
    await shot(page, '40-fonds-list');

    await page.getByTestId('fonds-open-Z109').click();
    await page.getByTestId('fonds-detail').waitFor();
    await page.getByTestId('fonds-detail-edit').click();
    // Someone else saves first: the form still holds version 1.
    const other = await apiLogin(s.server.url, who('archivist2'));
    const { items } = await other.get<{ items: Record<string, unknown>[] }>('/api/fonds');
    const { id, code, archived, recordCount, ...z } = items.find((f) => f.code === 'Z109')!;
    expect([code, archived, recordCount]).toEqual(['Z109', false, 0]);
    // The whole record, as the workbench sends it (a partial PATCH would reset the fields it leaves out: FondsPatch has defaults).
    await other.send('PATCH', `/api/fonds/${String(id)}`, { ...z, name: '某市文化广电和旅游局' });
    await page.getByTestId('fonds-agency').fill('某市人民政府');
    await page.getByTestId('fonds-submit').click();
    await expect.poll(() => text(page, 'fonds-error'), POLL).toBe('数据已被他人修改，请刷新后重试');
    await shot(page, '41-fonds-stale');
    await page.getByTestId('fonds-reload').click();
    await expect.poll(() => page.getByTestId('fonds-name').inputValue(), POLL).toBe('某市文化广电和旅游局');
    await page.getByTestId('fonds-agency').fill('某市人民政府');
    await page.getByTestId('fonds-submit').click();
    await page.getByTestId('fonds-submit').waitFor({ state: 'detached' });
    await expect.poll(() => text(page, 'fonds-detail'), POLL).toContain('某市人民政府');
  });

  it('adds a 文书 category from the template and an extra field', async () => {
    const { page } = s;
    await page.getByTestId('category-create').click();
    await page.getByTestId('category-template-hint').waitFor();
    await page.getByTestId('category-submit').click();
    await page.getByTestId('categories-table').getByText('文书').waitFor();
    await page.getByTestId('category-fields-WS').click();
    await page.getByTestId('field-add').click();
    await page.getByTestId('field-key-0').fill('projectNo');
    await page.getByTestId('field-label-0').fill('项目编号');
    await page.getByTestId('field-add').click();
    await page.getByTestId('field-key-1').fill('carrier');
    await page.getByTestId('field-label-1').fill('载体');
    await choose(page, 'field-type-1', '枚举');
    await page.getByTestId('field-required-1').check();
    const options = page.getByTestId('field-options-1').locator('input');
    for (const o of ['纸质', '电子']) {
      await options.fill(o);
      await options.press('Enter');
    }
    await page.getByTestId('fields-submit').click();
    await page.getByTestId('categories-table').getByText('项目编号').waitFor();
    await page.getByTestId('categories-table').getByText('载体').waitFor();
    const api = await apiLogin(s.server.url, who('archivist'));
    const fonds = await api.get<{ items: { id: string; code: string }[] }>('/api/fonds');
    const cats = await api.get<{ items: { extraFields: unknown[] }[] }>(`/api/fonds/${fonds.items.find((f) => f.code === 'Z109')!.id}/categories`);
    expect(cats.items[0]!.extraFields).toEqual([
      { key: 'projectNo', label: '项目编号', type: 'text', required: false },
      { key: 'carrier', label: '载体', type: 'enum', required: true, options: ['纸质', '电子'] },
    ]);
    await settled(page);
    await shot(page, '42-fonds-detail');
  });

  it('drafts a scheme, adds a 机构 code, previews the 档号, and needs a second archivist to approve', async () => {
    const { page } = s;
    await page.getByTestId('category-scheme-WS').click();
    await page.getByTestId('scheme-editor').waitFor();
    categoryUrl = page.url();
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('Z109-WS·2011-Y-BGS-0001');
    expect(await text(page, 'scheme-status-v1')).toBe('现行');
    expect(await page.getByTestId('scheme-readonly').isVisible()).toBe(true);

    await page.getByTestId('scheme-new-draft').click();
    await page.getByTestId('scheme-draft-note').fill('增设宣传科');
    await page.getByTestId('scheme-draft-submit').click();
    await expect.poll(() => text(page, 'scheme-status-v2'), POLL).toBe('草稿');
    await page.locator('[data-testid="scheme-editor"][data-status="draft"]').waitFor();

    await page.getByTestId('scheme-tab-orgs').click();
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-code-5').fill('xcb');
    await page.getByTestId('org-name-5').fill('宣传科');
    await choose(page, 'sample-org', 'XCB 宣传科');
    await page.getByTestId('scheme-tab-classes').click();
    await page.getByTestId('class-on-org').waitFor();
    await page.getByTestId('class-drag-2').dragTo(page.getByTestId('class-level-0'));
    await expect.poll(() => text(page, 'class-level-0'), POLL).toBe('机构(问题)');
    await page.getByTestId('class-down-0').click();
    await expect.poll(() => text(page, 'class-level-1'), POLL).toBe('机构(问题)');
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('Z109-WS·2011-Y-XCB-0001');
    await page.getByTestId('scheme-tab-code').click();
    await choose(page, 'rule-connector-2', '-');
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('Z109-WS-2011-Y-XCB-0001');
    await choose(page, 'rule-connector-2', '·');
    await (await numberInput(page, 'rule-pad-5')).fill('5');
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('Z109-WS·2011-Y-XCB-00001');
    await (await numberInput(page, 'rule-pad-5')).fill('4');
    await page.getByTestId('rule-down-0').click(); // 门类 before 全宗号: each keeps the connector before it …
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('WSZ109·2011-Y-XCB-0001');
    await page.getByTestId('rule-up-1').click(); // … and back
    await expect.poll(() => text(page, 'code-preview'), POLL).toBe('Z109-WS·2011-Y-XCB-0001');
    await page.mouse.move(0, 0); // no tooltip in the picture
    await settled(page);
    await shot(page, '43-scheme-draft');

    await page.getByTestId('scheme-save').click();
    await page.locator('.ant-message-notice').filter({ hasText: '草稿已保存' }).waitFor();
    await page.getByTestId('scheme-approve').click();
    await page.getByTestId('scheme-approve-confirm').click();
    await expect.poll(() => text(page, 'scheme-error'), POLL).toBe('方案须由起草人以外的人批准');
    expect(await page.getByTestId('scheme-error').getAttribute('data-code')).toBe('approver_is_author');
    await shot(page, '44-scheme-approve-refused');
    await logout(page);
  });

  it('a second archivist sees the saved draft and approves it; the old version is retired', async () => {
    const { page } = s;
    await signIn(who('archivist2'));
    await page.goto(categoryUrl);
    await page.locator('[data-testid="scheme-editor"][data-status="draft"]').waitFor();
    await page.getByTestId('scheme-tab-orgs').click();
    expect(await page.getByTestId('org-code-5').inputValue()).toBe('XCB');
    await page.getByTestId('scheme-approve').click();
    await page.getByTestId('scheme-approve-confirm').click();
    await expect.poll(() => text(page, 'scheme-status-v2'), POLL).toBe('现行');
    expect(await text(page, 'scheme-status-v1')).toBe('已停用');
    expect(await text(page, 'scheme-approver-v2')).toBe('archivist2');
    await page.locator('[data-testid="scheme-editor"][data-status="approved"]').waitFor();
    await settled(page);
    await shot(page, '45-scheme-approved');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => text(page, 'scheme-status-v2'), POLL).toBe('In force');
    await page.getByTestId('scheme-tab-scope').click();
    await settled(page);
    await shot(page, '46-scheme-en');
    await page.getByTestId('lang-switch').click();
    await logout(page);
  });

  it('a draft saved by someone else meanwhile: the save is refused as a conflict and the latest draft can be loaded', async () => {
    const { page } = s;
    const other = await apiLogin(s.server.url, who('archivist2'));
    const categoryId = new URL(categoryUrl).searchParams.get('category')!;
    const d = await other.send<{ id: string; editVersion: number; body: { orgs: { code: string; name: string }[] } }>('POST', `/api/categories/${categoryId}/schemes`, { note: '再增设机构' });
    await signIn(who('archivist'));
    await page.goto(new URL(`/schemes?category=${categoryId}`, s.web.url).href);
    await page.locator('[data-testid="scheme-editor"][data-status="draft"]').waitFor();
    await page.getByTestId('scheme-tab-orgs').click();
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-code-6').fill('TWB');
    await page.getByTestId('org-name-6').fill('团委办');
    // archivist2 saves the same draft first.
    await other.send('PUT', `/api/schemes/${d.id}`, { body: { ...d.body, orgs: [...d.body.orgs, { code: 'GHB', name: '工会办' }] }, editVersion: d.editVersion });
    await page.getByTestId('scheme-save').click();
    await page.getByTestId('scheme-stale').waitFor(POLL);
    expect(await page.getByTestId('scheme-error').getAttribute('data-code')).toBe('stale_version');
    expect(await text(page, 'scheme-error')).toContain('另一位档案管理员');
    expect(await page.getByTestId('org-code-6').inputValue()).toBe('TWB'); // the edits are still on screen
    await settled(page);
    await shot(page, '48-scheme-stale');
    await page.getByTestId('scheme-reload').click();
    await expect.poll(() => page.getByTestId('org-code-6').inputValue(), POLL).toBe('GHB');
    expect(await page.getByTestId('scheme-stale').count()).toBe(0);
    await page.getByTestId('org-name-6').fill('工会办公室');
    await page.getByTestId('scheme-save').click();
    await page.locator('.ant-message-notice').filter({ hasText: '草稿已保存' }).waitFor();
    const saved = await other.get<{ editVersion: number; body: { orgs: { name: string }[] } }>(`/api/schemes/${d.id}`);
    expect(saved.editVersion).toBe(3);
    expect(saved.body.orgs.map((o) => o.name)).toContain('工会办公室');
    await logout(page);
  });

  it('the 立档单位档案员 sees 分类方案 read-only and may import into the fonds in scope', async () => {
    const { page } = s;
    const arch = await apiLogin(s.server.url, who('archivist'));
    const j = await arch.send<{ id: string }>('POST', '/api/fonds', { code: 'J002', name: '某县教育局', agency: '某县教育局' });
    const cat = await arch.send<{ id: string }>('POST', `/api/fonds/${j.id}/categories`, { template: 'WS' });
    await arch.send('POST', `/api/categories/${cat.id}/schemes`, { note: '修订草稿' });
    await signIn(who('records_officer'));
    // The server lets a records officer import into the fonds in scope (imports.* allow records_officer), so the entry stays.
    expect(await page.getByTestId('nav-import').count()).toBe(1);
    expect(await page.getByTestId('nav-schemes').count()).toBe(1);
    await page.goto(new URL(`/schemes?category=${cat.id}`, s.web.url).href);
    await page.getByTestId('scheme-editor').waitFor();
    await expect.poll(() => page.getByTestId('scheme-editor').getAttribute('data-status'), POLL).toBe('draft');
    expect(await text(page, 'scheme-readonly')).toContain('分类方案由档案管理员起草和批准');
    for (const id of ['scheme-new-draft', 'scheme-save', 'scheme-approve', 'scheme-note']) expect(await page.getByTestId(id).count()).toBe(0);
    await page.getByTestId('scheme-tab-orgs').click();
    expect(await page.getByTestId('org-add').count()).toBe(0);
    expect(await page.getByTestId('org-code-0').count()).toBe(0); // codes as text, not inputs
    await page.getByTestId('scheme-tab-code').click();
    expect(await page.getByTestId('rule-pad-0').count()).toBe(0);
    await settled(page);
    await shot(page, '49-scheme-officer');
    const denied = await (await apiLogin(s.server.url, who('records_officer'))).call('POST', `/api/categories/${cat.id}/schemes`, { note: 'x' });
    expect(denied.status).toBe(403);
    await openNav(page, 'import');
    await logout(page);
  });

  it('the 立档单位档案员 sees only the fonds in scope, read-only', async () => {
    const { page } = s;
    await signIn(who('records_officer'));
    await openNav(page, 'fonds');
    await page.getByTestId('fonds-open-J002').waitFor();
    expect(await page.getByTestId('fonds-readonly').isVisible()).toBe(true);
    expect(await page.getByTestId('fonds-create').count()).toBe(0);
    expect(await page.getByTestId('fonds-open-Z109').count()).toBe(0);
    await settled(page);
    await shot(page, '47-fonds-officer');
    expect(s.problems).toEqual([]);
  });
});
