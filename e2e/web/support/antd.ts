import type { Locator, Page } from 'playwright-core';

/** Picks an option of the antd Select carrying `testId` (again if an opening animation swallowed the click). */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 0; attempt < 3; attempt++) {
    await select.click();
    const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    await open.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
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

