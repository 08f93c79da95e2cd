import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.ts';
import { fresh, login, logout, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// The pages of the other roles; each runs only if the server helper provides that account.
const s = useShell();

async function signIn(role: 'secadmin' | 'auditor' | 'archivist'): Promise<boolean> {
  const who = s.server.users?.[role];
  if (!who) return false;
  await fresh(s.page, s.web.url);
  await login(s.page, who);
  await passForcedChange(s.page, who);
  return true;
}

describe('role pages', () => {
  it('secadmin: a second admin role is refused with the server message (三员分立)', async (ctx) => {
    if (!(await signIn('secadmin'))) return ctx.skip();
    const { page } = s;
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await openNav(page, 'grants');
    const target = s.server.users?.archivist?.username ?? 'secadmin';
    await page.getByTestId(`grant-edit-${target}`).click();
    await page.getByTestId('grant-roles').waitFor();
    await settled(page); // the modal's opening animation is over before anything is clicked in it
    await page.getByTestId('grant-role-sysadmin').click();
    await page.getByTestId('grant-role-auditor').click();
    const checked = () => page.getByTestId('grant-roles').locator('input[type=checkbox]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(checked).toEqual(expect.arrayContaining(['sysadmin', 'auditor']));
    await page.getByTestId('grant-submit').click();
    await expect.poll(() => page.getByTestId('grant-error').innerText()).toContain('三员分立');
    await settled(page);
    await shot(page, '09-grant-conflict');
    await page.getByTestId('grant-role-sysadmin').click();
    await page.getByTestId('grant-role-auditor').click();
    await page.getByTestId('grant-role-reader').click();
    await page.getByTestId('grant-clearance-mimi').click();
    await page.getByTestId('grant-submit').click();
    await page.getByTestId('grant-submit').waitFor({ state: 'detached' });
    await page.getByTestId('grants-table').getByText('秘密').waitFor();
    await settled(page);
    await shot(page, '10-grants');
    await logout(page);
  });

  it('auditor: audit log, chain verification and the verification job', async (ctx) => {
    if (!(await signIn('auditor'))) return ctx.skip();
    const { page } = s;
    await openNav(page, 'audit');
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-ok').innerText()).toMatch(/^审计链完整，已校验 \d+ 条$/);
    await page.getByTestId('audit-filter-action').fill('auth.login');
    await page.getByTestId('audit-search').click();
    await settled(page);
    await shot(page, '11-audit');
    // A broken chain (answer faked in the browser: the real chain is intact) is shown in red with its reason.
    await page.route('**/api/audit/verify', (r) =>
      r.fulfill({ json: { ok: false, checked: 3, headSeq: 9, headHash: 'x', firstBad: { seq: 4, reason: 'hash_mismatch' } } }),
    );
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-bad').innerText()).toBe('审计链校验失败：第 4 条记录 — 哈希值不符');
    await page.unroute('**/api/audit/verify');
    await shot(page, '12-audit-broken');
    await page.getByTestId('audit-verify-job').click();
    await page.getByTestId('jobs-table').getByText('audit.verify').waitFor();
    await page.getByTestId('jobs-table').getByText('已完成').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('jobs-auto-refresh').count()).toBe(0);
    await settled(page);
    await shot(page, '13-jobs');
    await logout(page);
  });

  it('archivist: creates an API token, sees its secret once, revokes it', async (ctx) => {
    if (!(await signIn('archivist'))) return ctx.skip();
    const { page } = s;
    await openNav(page, 'tokens');
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-create-name').fill('移交接口');
    await page.getByTestId('token-create-submit').click();
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret.length).toBeGreaterThan(16);
    await settled(page);
    await shot(page, '14-token-secret');
    await page.getByTestId('token-secret-close').click();
    await page.getByTestId('tokens-table').getByText('移交接口').waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await page.getByTestId('token-revoke-移交接口').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('tokens-table').getByText('已撤销').waitFor();
    await settled(page);
    await shot(page, '15-tokens');
    await logout(page);
  });

  it('had no uncaught errors in the browser', () => {
    expect(s.problems).toEqual([]);
  });
});
