import { describe, expect, it } from 'vitest';
import { carrier, contentBytes, GOOD_A, GOOD_B } from '../../packages/server/src/modules/transfer/test/transfer.kit.ts';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { fresh, login, logout, passForcedChange, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 移交接收 in the browser: the agency attaches a package (chunked upload) to its 移交单 and submits it; the
// archive starts the YJ checks, watches them, accepts, confirms; the agency confirms; the 登记表 is there.
const s = useShell();

describe('transfer workbench', () => {
  it('agency submits, archive checks and accepts, both confirm', async () => {
    const arch = s.server.users?.archivist;
    const officer = s.server.users?.records_officer;
    if (!arch || !officer) throw new Error('the e2e server has no archivist or records officer');
    const a = await apiLogin(s.server.url, arch);
    const f = await a.call('POST', '/api/fonds', { code: 'J002', name: '某县人民政府办公室', agency: '某县人民政府办公室', startYear: 2015 });
    const fondsId = f.ok ? ((await f.json()) as { id: string }).id : (await a.get<{ items: { id: string; code: string }[] }>('/api/fonds')).items.find((x) => x.code === 'J002')!.id;
    const categoryId = (await a.send<{ id: string }>('POST', `/api/fonds/${fondsId}/categories`, { template: 'WS' })).id;
    const cfg = await a.get<{ version: number }>('/api/ingest/config/YJ');
    await a.send('PUT', '/api/ingest/config/YJ', { version: cfg.version, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } });

    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, officer);
    const agency = await passForcedChange(page, officer);
    const o = await apiLogin(s.server.url, agency);
    const files = [GOOD_A, GOOD_B];
    const tr = await o.send<{ id: string; number: string }>('POST', '/api/transfers', {
      idempotencyKey: 'e2e-transfer-0001', title: '2021年度文书档案移交', description: '办公室 2021 年文书档案（2 件）', transferringUnit: '某县人民政府办公室', receivingUnit: '某县档案馆',
      categoryId, yearFrom: 2021, yearTo: 2021, declaredRecords: 2, declaredFiles: 2, declaredBytes: contentBytes(files), defaults: { orgCode: 'BGS' },
    });

    await page.goto(`${s.web.url}/transfer?id=${tr.id}`);
    await page.getByTestId('transfer-view').waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '移交载体-2021.zip', mimeType: 'application/zip', buffer: carrier(files) });
    await expect.poll(() => page.getByTestId('transfer-packages').innerText(), { timeout: 30_000 }).toContain('移交载体-2021.zip');
    await page.getByTestId('transfer-submit').click();
    await expect.poll(() => page.getByTestId('transfer-status').innerText()).toBe('已提交');
    await logout(page);

    await login(page, arch);
    await page.goto(`${s.web.url}/transfer`);
    await page.getByTestId('transfer-list').waitFor();
    await expect.poll(() => page.getByTestId('transfer-list').innerText()).toContain(tr.number);
    await page.getByText(tr.number).click();
    await page.getByTestId('transfer-check').click();
    await page.getByTestId('transfer-verdict').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('transfer-verdict').innerText()).toMatch(/通过/);
    await expect.poll(() => page.getByTestId('transfer-status').innerText()).toBe('待接收');
    await settled(page);
    await shot(page, 'transfer-01-checked');
    // The archive may check a checked transfer again (a new round; the earlier one is set aside).
    const round1 = await o.get<{ version: number }>(`/api/transfers/${tr.id}`);
    await page.getByTestId('transfer-check-again').click();
    await expect.poll(async () => {
      const t = await o.get<{ version: number; status: string }>(`/api/transfers/${tr.id}`);
      return t.status === 'checked' && t.version >= round1.version + 2; // checked → checking → checked
    }, { timeout: 90_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('transfer-status').innerText(), { timeout: 30_000 }).toBe('待接收');
    await page.getByTestId('transfer-verdict').waitFor({ timeout: 90_000 });
    await page.getByTestId('transfer-accept').click();
    await page.getByTestId('transfer-accept-ok').click();
    await expect.poll(() => page.getByTestId('transfer-status').innerText(), { timeout: 60_000 }).toBe('已接收');
    await page.getByTestId('transfer-confirm-archive').click();
    await page.getByTestId('transfer-confirm-archive').waitFor({ state: 'detached' });

    const cur = await o.get<{ version: number }>(`/api/transfers/${tr.id}`);
    await o.send('POST', `/api/transfers/${tr.id}/confirm-agency`, { version: cur.version });
    await page.reload();
    await expect.poll(() => page.getByTestId('transfer-status').innerText()).toBe('双方已确认');
    await page.getByTestId('transfer-form-download').waitFor();
    const pdf = await a.call('GET', `/api/transfers/${tr.id}/form.pdf`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    await settled(page);
    await shot(page, 'transfer-02-confirmed');

    await page.goto(`${s.web.url}/transfer`);
    await page.getByTestId('transfer-list').waitFor();
    await settled(page);
    await shot(page, 'transfer-03-list');
    expect(s.problems).toEqual([]);
  });
});
