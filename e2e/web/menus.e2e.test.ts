import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { fresh, login, logout, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';
import type { Credentials } from './support/server.ts';

// The side menu follows the role: for each role, every entry it shows opens a page whose API calls the server
// allows (no 401/403), entries of other roles' pages are absent, and a reader sees only 我的查档 and 账号.
const s = useShell();

type RoleName = 'sysadmin' | 'secadmin' | 'auditor' | 'archivist' | 'records_officer' | 'reader';
/** Entries each role must see (other helpers may add pages, so beyond these only the 403 check applies). */
const MUST: Record<RoleName, string[]> = {
  sysadmin: ['home', 'users', 'preservation', 'jobs', 'account'],
  secadmin: ['home', 'grants', 'jobs', 'account'],
  auditor: ['home', 'audit', 'preservation', 'jobs', 'account'],
  archivist: ['home', 'catalogue', 'search', 'openReview', 'accessQueue', 'accessStats', 'preservation', 'jobs', 'account'],
  records_officer: ['home', 'catalogue', 'search', 'openReview', 'jobs', 'account'],
  reader: ['accessMine', 'account'],
};
/** Entries each role must NOT see (the server refuses those pages' data to it). */
const NEVER: Record<RoleName, string[]> = {
  sysadmin: ['grants', 'audit', 'catalogue', 'accessQueue', 'accessMine'],
  secadmin: ['users', 'audit', 'catalogue', 'preservation', 'accessQueue'],
  auditor: ['users', 'grants', 'catalogue', 'accessQueue'],
  archivist: ['users', 'grants', 'audit', 'accessMine'],
  records_officer: ['users', 'grants', 'audit', 'accessQueue', 'accessStats', 'preservation', 'accessMine'],
  reader: ['home', 'jobs', 'catalogue', 'search', 'openReview', 'accessQueue', 'accessStats', 'preservation', 'tokens', 'users', 'grants', 'audit'],
};

async function readerAccount(): Promise<Credentials> {
  const admin = await apiLogin(s.server.url, s.server.admin);
  const who = { username: 'reader_menu', password: 'Reader-menu-2025' };
  const u = await admin.send<{ id: string }>('POST', '/api/users', { username: who.username, displayName: '王读者', password: who.password });
  await (await apiLogin(s.server.url, s.server.users!.secadmin!)).send('PUT', `/api/users/${u.id}/grants`, { roles: ['reader'], clearance: 'public', fondsScope: [] });
  return who;
}

describe('side menu per role', () => {
  it('shows each role only pages the server lets it use', async (ctx) => {
    const users = s.server.users;
    if (!users?.secadmin || !users.auditor || !users.archivist || !users.records_officer) return ctx.skip();
    const { page } = s;
    const accounts: Array<[RoleName, Credentials]> = [
      ['reader', await readerAccount()], ['sysadmin', s.server.admin], ['secadmin', users.secadmin], ['auditor', users.auditor],
      ['archivist', users.archivist], ['records_officer', users.records_officer],
    ];
    const refused: string[] = [];
    const onResponse = (r: Response) => {
      if (r.url().includes('/api/') && [401, 403].includes(r.status())) refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    };
    page.on('response', onResponse);
    try {
      for (const [role, who] of accounts) {
        await fresh(page, s.web.url);
        await login(page, who);
        await passForcedChange(page, who);
        await page.getByTestId('side-nav').waitFor();
        await settled(page);
        const keys = await page.getByTestId('side-nav').locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
        expect.soft(keys, `${role}: must see`).toEqual(expect.arrayContaining(MUST[role]));
        expect.soft(keys.filter((k) => NEVER[role].includes(k)), `${role}: must not see`).toEqual([]);
        if (role === 'reader') {
          expect(keys).toEqual(['accessMine', 'account']);
          expect(new URL(page.url()).pathname).toBe('/my-requests'); // the reader lands on 我的查档, not a home page
          await shot(page, 'menu-reader');
          for (const hidden of ['/', '/jobs', '/catalogue', '/access']) {
            await page.goto(`${s.web.url}${hidden}`);
            await page.getByTestId('side-nav').waitFor();
            await expect.poll(() => new URL(page.url()).pathname, { message: `reader at ${hidden}` }).toBe('/my-requests');
          }
        }
        for (const key of keys) {
          refused.length = 0;
          await page.getByTestId(`nav-${key}`).click();
          await settled(page);
          expect.soft(refused, `${role} → ${key}`).toEqual([]);
        }
        await logout(page);
      }
    } finally {
      page.off('response', onResponse);
    }
  });
});
