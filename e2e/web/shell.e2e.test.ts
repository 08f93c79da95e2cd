import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.ts';
import { fresh, login, logout, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// The workbench shell against the real server, as the 系统管理员: login, role navigation, language, users, jobs, account.
const s = useShell();
const navText = (key: string) => s.page.getByTestId(`nav-${key}`).innerText();

describe('workbench shell', () => {
  it('shows the server message for a wrong password, in the UI language', async () => {
    const { page } = s;
    await fresh(page, s.web.url);
    await shot(page, '01-login');
    await page.getByTestId('login-username').fill(s.server.admin.username);
    await page.getByTestId('login-password').fill('not-the-password-1');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toBe('用户名或密码错误');
    await shot(page, '02-login-error');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toBe('Wrong user name or password');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('login-submit').innerText()).toMatch(/^登\s*录$/);
  });

  it('logs in as the admin (changing the initial password if asked) and shows the nav for the role', async () => {
    const { page } = s;
    await login(page, s.server.admin);
    s.server.admin = await passForcedChange(page, s.server.admin, () => shot(page, '03-forced-password'));
    await page.getByTestId('home-welcome').waitFor();
    expect(await page.getByTestId('home-roles').innerText()).toContain('系统管理员');
    for (const key of ['home', 'users', 'jobs', 'account']) expect(await page.getByTestId(`nav-${key}`).isVisible()).toBe(true);
    for (const key of ['grants', 'audit', 'tokens']) expect(await page.getByTestId(`nav-${key}`).count()).toBe(0);
    await settled(page);
    await shot(page, '04-home-zh');
  });

  it('lists and creates users', async () => {
    const { page } = s;
    await openNav(page, 'users');
    await page.getByTestId('user-create').click();
    await page.getByTestId('user-create-username').fill('zhangsan');
    await page.getByTestId('user-create-displayname').fill('张三');
    await page.getByTestId('user-create-password').fill('Initial-pass-2025');
    await page.getByTestId('user-create-submit').click();
    await page.getByTestId('users-table').getByText('张三').waitFor();
    expect(await page.getByTestId('user-status-zhangsan').innerText()).toContain('待改密');
    await settled(page);
    await shot(page, '05-users');
  });

  it('switches to English, keeps it across a reload, and back to Chinese', async () => {
    const { page } = s;
    await openNav(page, 'home');
    await page.getByTestId('lang-switch').click();
    expect(await navText('users')).toBe('Users');
    expect(await page.getByTestId('home-roles').innerText()).toContain('System administrator');
    await settled(page);
    await shot(page, '06-home-en');
    await page.reload();
    await page.getByTestId('side-nav').waitFor();
    expect(await navText('jobs')).toBe('Background jobs');
    await page.getByTestId('lang-switch').click();
    expect(await navText('users')).toBe('用户管理');
    expect(await navText('account')).toBe('我的账号');
  });

  it('shows jobs and the account page', async () => {
    const { page } = s;
    await openNav(page, 'jobs');
    await settled(page);
    await shot(page, '07-jobs-empty');
    await openNav(page, 'account');
    expect(await page.getByTestId('account-username').innerText()).toBe(s.server.admin.username);
    await settled(page);
    await shot(page, '08-account');
  });

  it('returns to the login page when the session is gone', async () => {
    const { page } = s;
    await page.context().clearCookies(); // as if the session expired or was ended elsewhere
    await page.getByTestId('nav-jobs').click();
    await page.getByTestId('login-page').waitFor();
    expect(await page.getByTestId('login-notice').innerText()).toBe('请先登录');
  });

  it('locks an account after repeated failed sign-ins; the admin unlocks it', async () => {
    const { page } = s;
    await page.getByTestId('login-username').fill('zhangsan');
    for (let i = 0; i < 6; i++) {
      await page.getByTestId('login-password').fill(`wrong-password-${i}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByTestId('login-submit').click();
      await answered;
    }
    await expect.poll(() => page.getByTestId('login-error').innerText()).toBe('登录失败次数过多，账号已临时锁定');
    await login(page, s.server.admin);
    await openNav(page, 'users');
    await expect.poll(() => page.getByTestId('user-status-zhangsan').innerText()).toContain('已锁定');
    await page.getByTestId('user-unlock-zhangsan').click();
    await expect.poll(() => page.getByTestId('user-status-zhangsan').innerText()).not.toContain('已锁定');
    await logout(page);
  });

  it('serves the portal placeholder', async () => {
    await s.page.goto(`${s.web.url}/portal.html`);
    expect(await s.page.title()).toBe('兰台 公共档案目录');
  });

  it('had no uncaught errors in the browser', () => {
    expect(s.problems).toEqual([]);
  });
});
