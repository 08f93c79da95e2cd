import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, shot, watchConsole } from './browser.ts';
import { startServer, type E2EServer } from './server.ts';
import { startWeb } from './web.ts';

export interface Shell {
  server: E2EServer;
  web: { url: string; stop(): Promise<void> };
  browser: Browser;
  page: Page;
  /** Uncaught exceptions, console errors and HTTP 5xx seen by the page. */
  problems: string[];
}

/** Per test file: the real server, the workbench in front of it, one Chromium page; a screenshot of each failure. */
export function useShell(): Shell {
  const s = {} as Shell;
  beforeAll(async () => {
    s.server = await startServer();
    s.web = await startWeb(s.server.url);
    s.browser = await launch();
    s.page = await s.browser.newPage({ viewport: { width: 1366, height: 820 }, locale: 'zh-CN' });
    s.problems = watchConsole(s.page);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.web?.stop();
    await s.server?.stop();
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => shot(s.page, `failed-${task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, '-')}`));
  });
  return s;
}
