import type { Page } from 'playwright-core';
import type { Credentials } from './server.ts';

/** A password the server accepts (≥ 10, letters and digits, not containing the user name). */
export const NEW_PASSWORD = 'Lantai-e2e-2025';

/** A new visit with no session: the login page. */
export async function fresh(page: Page, url: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.getByTestId('login-page').waitFor();
}

export async function login(page: Page, who: Credentials): Promise<void> {
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-page').waitFor({ state: 'detached' });
}

/** If the account must change its password first, does so and returns the new password. */
export async function passForcedChange(page: Page, who: Credentials, onForm?: () => Promise<void>): Promise<Credentials> {
  const forced = page.getByTestId('forced-password-page');
  const layout = page.getByTestId('side-nav');
  await forced.or(layout).first().waitFor();
  if (!(await forced.isVisible())) return who;
  await onForm?.();
  await page.getByTestId('password-current').fill(who.password);
  await page.getByTestId('password-new').fill(NEW_PASSWORD);
  await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
  await page.getByTestId('password-submit').click();
  await layout.waitFor();
  return { username: who.username, password: NEW_PASSWORD };
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-page').waitFor();
}

export async function openNav(page: Page, key: string): Promise<void> {
  await page.getByTestId(`nav-${key}`).click();
  // The home page greets instead of carrying a page title.
  await page.getByTestId(key === 'home' ? 'home-welcome' : 'page-title').waitFor();
}

/** Waits until antd's loading spinners in the content are gone, so screenshots show data. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(300); // antd enter animations
}

/** Picks an option (by its text) of the antd Select carrying `testId`. */
export async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** The <input> of an antd InputNumber, whether the test id sits on it or on its wrapper. */
export async function numberInput(page: Page, testId: string) {
  const el = page.getByTestId(testId);
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
}
