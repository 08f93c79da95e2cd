import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shot } from './support/browser.ts';
import { fresh, login, openNav, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';
import { apiLogin } from './support/api.ts';

// 长期保存 dashboard: the sysadmin adds an off-site disk, the archivist's files are replicated to it, one primary
// copy is damaged (repaired from the vault on the next read, alerted) and one object loses every good copy
// (a persistent incident, loud on the dashboard and the workbench home).
const s = useShell();
const OBJECTS = '/tmp/lantai-test-data/objects'; // the test server's primary store (buildTestApp's default data dir)

const objPath = (root: string, sha: string) => join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
async function flip(file: string) {
  const b = await readFile(file);
  b[b.length >> 1] = b[b.length >> 1]! ^ 0x20;
  await chmod(file, 0o644);
  await writeFile(file, b);
}

describe('preservation dashboard', () => {
  it('shows copies per location, NDSA levels with reasons, the repair alert and a loud incident', async (ctx) => {
    const who = s.server.users?.archivist;
    if (!who) return ctx.skip();
    const { page } = s;
    // The sysadmin (first sign-in: must change the password) adds an offline-medium disk in another zone.
    const admin0 = await apiLogin(s.server.url, s.server.admin);
    const adminPw = 'Lantai-e2e-pres-2025';
    await admin0.send('POST', '/api/auth/password', { currentPassword: s.server.admin.password, newPassword: adminPw });
    const admin = await apiLogin(s.server.url, { username: s.server.admin.username, password: adminPw });
    const vaultDir = join(await mkdtemp(join(tmpdir(), 'lantai-e2e-vault-')), 'vault');
    await admin.send('POST', '/api/preservation/locations', { kind: 'local', id: 'vault', name: '异地备份盘（离线介质）', medium: 'offline', zone: '异地机房', config: { path: vaultDir } });

    await fresh(page, s.web.url);
    await login(page, who);
    const now = await passForcedChange(page, who);
    const api = await apiLogin(s.server.url, now);
    const fonds = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'B701', name: '兰台市档案馆', agency: '兰台市档案馆', startYear: 2020 });
    const cat = await api.send<{ id: string }>('POST', `/api/fonds/${fonds.id}/categories`, { template: 'WS' });
    const rec = await api.send<{ id: string }>('POST', '/api/records', {
      categoryId: cat.id, title: '关于做好电子档案异地异质备份的通知', responsible: '办公室', docNumber: '兰档发〔2024〕9号', docDate: '20240601',
      year: 2024, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 1,
    });
    const stamp = `${Date.now()}-${Math.random()}`;
    const a = await api.upload(rec.id, '正文.txt', Buffer.from(`正文 ${stamp}\n`.repeat(400)));
    const b = await api.upload(rec.id, '附件.txt', Buffer.from(`附件 ${stamp}\n`.repeat(300)));
    await api.upload(rec.id, '登记表.txt', Buffer.from(`登记表 ${stamp}\n`.repeat(200)));
    expect(a.sha256).toBe(createHash('sha256').update(Buffer.from(`正文 ${stamp}\n`.repeat(400))).digest('hex'));
    await api.send('POST', '/api/preservation/replicate', {});
    type Dash = { locations: { location: { id: string }; copies: number }[]; openIncidents: unknown[]; alerts: { kind: string }[] };
    await expect.poll(async () => (await api.send<Dash>('GET', '/api/preservation/dashboard')).locations.find((l) => l.location.id === 'vault')?.copies, { timeout: 60_000 }).toBe(3);

    // Damage: the primary copy of A (the vault copy is good), and both copies of B.
    await flip(objPath(OBJECTS, a.sha256));
    await flip(objPath(OBJECTS, b.sha256));
    await flip(objPath(vaultDir, b.sha256));
    for (const f of [a, b]) {
      const r = await api.call('GET', `/api/records/${rec.id}/files/${f.id}/content`);
      const body = await r.arrayBuffer().then((x) => Buffer.from(x), () => null);
      expect(body && createHash('sha256').update(body).digest('hex') === f.sha256).toBe(false); // never the corrupt bytes, complete
    }
    await expect.poll(async () => (await api.send<Dash>('GET', '/api/preservation/dashboard')).openIncidents.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await api.send<Dash>('GET', '/api/preservation/dashboard')).alerts.some((x) => x.kind === 'repaired'), { timeout: 30_000 }).toBe(true);
    const good = await api.call('GET', `/api/records/${rec.id}/files/${a.id}/content`);
    expect(createHash('sha256').update(Buffer.from(await good.arrayBuffer())).digest('hex')).toBe(a.sha256);

    await openNav(page, 'preservation');
    await page.getByTestId('ndsa-cards').waitFor();
    await page.getByTestId('preservation-incident-banner').waitFor();
    expect(await page.getByTestId('preservation-locations').innerText()).toContain('异地备份盘');
    expect(await page.getByTestId('ndsa-storage').innerText()).toMatch(/第 1 级|未达第 1 级/);
    expect(await page.getByTestId('preservation-alerts').innerText()).toContain('已修复');
    await settled(page);
    await shot(page, '80-preservation-dashboard');

    await openNav(page, 'home');
    await page.getByTestId('preservation-incident-banner').waitFor();
    await shot(page, '81-home-preservation-incident', false);

    await openNav(page, 'preservation');
    await page.getByTestId('preservation-incidents').locator('[data-testid^="incident-ack-"]').click();
    await expect.poll(() => page.getByTestId('preservation-incidents').innerText()).toContain('已确认');
    expect(s.problems).toEqual([]);
  }, 180_000);
});
