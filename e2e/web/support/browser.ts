import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** fullPage false: just the viewport (drawers and dialogs, which stay put while the page scrolls). */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** Console errors and uncaught exceptions of the page, for a final "no errors" check. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Expected API refusals (401, 403, 423 …) are logged by Chromium as resource errors; they are not problems.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console.error: ${m.text()}`);
    if (m.type() === 'warning') console.warn(`[browser warning] ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return problems;
}
