import { describe, expect, it } from 'vitest';
import { onePagePdf, transfer2012, zipBuffer } from '../../packages/server/src/modules/ingest/test/zip.writer.ts';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { choose, fresh, login, numberInput, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 归档接收 in the browser: a 2012 transfer carrier uploaded in chunks (progress), the live run, the report
// with its DA/T 70 item codes, accept; then the list of runs filtered by verdict; and the 检测方案 (check settings).
const s = useShell();

describe('ingest workbench', () => {
  it('uploads a package, shows the live run and its report, and accepts it', async () => {
    const who = s.server.users?.archivist;
    if (!who) throw new Error('the e2e server has no archivist');
    const api = await apiLogin(s.server.url, who);
    const f = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'J501', name: '某县档案局', agency: '某县档案局', startYear: 2015 });
    const categoryId = (await api.send<{ id: string }>('POST', `/api/fonds/${f.id}/categories`, { template: 'WS' })).id;
    // No clamd on every e2e machine: the archivist switches the two virus items off for this stage.
    const cfg = await api.send<{ version: number }>('GET', '/api/ingest/config/GD');
    await api.send('PUT', '/api/ingest/config/GD', { version: cfg.version, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } });

    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, who);
    await page.goto(`${s.web.url}/ingest?upload=1&category=${categoryId}`);
    await page.getByTestId('ingest-upload').waitFor();
    const zip = zipBuffer(transfer2012([
      { title: '关于印发年度工作要点的通知', date: '20210315', file: 'a.pdf', data: await onePagePdf('a') },
      { title: '关于召开安全生产会议的通知', date: '20210402', file: 'b.pdf', data: await onePagePdf('b') },
    ]));
    await page.locator('input[type=file]').setInputFiles({ name: '移交载体-2021.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByTestId('ingest-org').fill('BGS');
    await settled(page);
    await shot(page, '70-ingest-upload');
    await page.getByTestId('ingest-start').click();
    await page.getByTestId('ingest-verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('ingest-verdict').innerText()).toMatch(/通过/);
    await page.getByTestId('ingest-report').waitFor();
    await expect.poll(() => page.getByTestId('ingest-report').innerText(), { timeout: 20_000 }).toContain('GD-1-1');
    expect(await page.getByTestId('ingest-report').innerText()).toContain('GD-1-13');
    await settled(page);
    await shot(page, '71-ingest-report');

    await page.getByTestId('ingest-accept').click();
    await page.getByTestId('ingest-accept-confirm').click();
    await expect.poll(() => page.getByTestId('ingest-run-status').innerText(), { timeout: 60_000 }).toBe('已接收');
    await settled(page);
    await shot(page, '72-ingest-accepted');

    await page.goto(`${s.web.url}/ingest`);
    await page.getByTestId('ingest-runs').waitFor();
    await expect.poll(() => page.getByTestId('ingest-runs').innerText()).toContain('移交载体-2021.zip');
    await settled(page);
    await shot(page, '73-ingest-runs');
  });

  it('检测方案: an archivist switches images to sampled decoding and an item off, saves a new version; a stale save is refused', async () => {
    const who = s.server.users!.archivist!;
    const api = await apiLogin(s.server.url, who);
    const before = await api.send<{ version: number }>('GET', '/api/ingest/config/GD');
    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, who);
    await page.goto(`${s.web.url}/ingest`);
    await page.getByTestId('ingest-open-config').click();
    await page.getByTestId('config-table').waitFor();
    await expect.poll(() => page.getByTestId('config-table').innerText()).toContain('GD-3-4');
    expect(await page.getByTestId('config-version').innerText()).toBe(`第 ${before.version} 版`);
    await choose(page, 'setting-readability.imageDecode', '抽检');
    await (await numberInput(page, 'setting-readability.sample')).fill('0.1');
    await page.getByTestId('enabled-totals-bytes').click();
    await settled(page);
    await shot(page, '74-ingest-config');
    await page.getByTestId('config-save').click();
    await expect.poll(() => page.getByTestId('config-version').innerText()).toBe(`第 ${before.version + 1} 版`);
    type View = { version: number; items: { checkId: string; enabled: boolean; settings: Record<string, unknown> }[] };
    const saved = await api.send<View>('GET', '/api/ingest/config/GD');
    expect(saved.items.find((i) => i.checkId === 'readability')!.settings).toMatchObject({ imageDecode: 'sample', sample: 0.1, pdfPage1: 'all' });
    expect(saved.items.find((i) => i.checkId === 'totals-bytes')!.enabled).toBe(false);
    // Someone else saves meanwhile: this page's next save is refused, and says so.
    await api.send('PUT', '/api/ingest/config/GD', { version: saved.version, items: {} });
    await page.getByTestId('enabled-totals-bytes').click();
    await page.getByTestId('config-save').click();
    await expect.poll(() => page.getByTestId('config-error').getAttribute('data-code')).toBe('stale_version');
    const now = await api.send<{ version: number }>('GET', '/api/ingest/config/GD');
    expect(now.version).toBe(saved.version + 1);
    await api.send('PUT', '/api/ingest/config/GD', { version: now.version, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } });
  });
});
