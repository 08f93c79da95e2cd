import type { Locator, Page } from 'playwright-core';

/**
 * Picks an option of the antd Select carrying `testId`, again if the dropdown's opening animation swallowed the click
 * or it closed under the pointer (seen on a loaded CI machine: the option stayed "not visible" until the 30 s timeout,
 * so no retry came). Each attempt opens this select's own dropdown (found through its combobox's aria-controls) only
 * if it is not open, and looks for the option in that dropdown alone (a multiple select may leave another one open).
 */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  const select = page.getByTestId(testId);
  const box = select.locator('[role="combobox"]').first();
  for (let attempt = 0; attempt < 4; attempt++) {
    if ((await box.getAttribute('aria-expanded')) !== 'true') await select.click();
    const list = await box.getAttribute('aria-controls');
    const open = list ? page.locator('.ant-select-dropdown', { has: page.locator(`[id="${list}"]`) }) : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    try {
      await open.locator('.ant-select-item-option').filter({ hasText: option }).first().click({ timeout: 5_000 });
    } catch (e) {
      if (attempt === 3) throw e;
      continue;
    }
    if ((await select.innerText()).includes(option)) return;
  }
  throw new Error(`could not choose ${option} in ${testId}`);
}

/** The text input of an antd DatePicker (the test id may sit on the input or on its wrapper). */
async function pickerInput(page: Page, testId: string): Promise<Locator> {
  const el = page.getByTestId(testId);
  return (await el.evaluate((e) => e.tagName)) === 'INPUT' ? el : el.locator('input');
}

/** Types a YYYYMMDD date into an antd DatePicker and leaves the field (Enter would submit the form). */
export async function fillDate(page: Page, testId: string, ymd: string): Promise<void> {
  const input = await pickerInput(page, testId);
  await input.click();
  await input.fill(ymd);
  await input.press('Tab');
}

/** Waits for an antd message toast with this text. */
export async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.ant-message-notice').filter({ hasText: text }).first().waitFor();
}

/** The body rows of the catalogue table. */
export const rows = (page: Page) => page.getByTestId('records-table').locator('tbody tr.ant-table-row');

