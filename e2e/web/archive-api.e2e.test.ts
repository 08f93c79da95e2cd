import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createArchiveClient } from '@lantai/api';
import { onePagePdf } from '../../packages/server/src/modules/ingest/test/zip.writer.ts';
import { apiLogin } from './support/api.ts';
import { shot } from './support/browser.ts';
import { fresh, login, settled } from './support/flows.ts';
import { useShell } from './support/harness.ts';

// 单套制 归档: a business system archives two records through POST /api/archive with an API token (one accepted,
// one rejected by the checks); the 归档接收 page lists both with their 档号, verdict and report, and opens the run.
const s = useShell();

describe('records archived by business systems', () => {
  it('are listed on the ingest page with their report', async () => {
    const who = s.server.users?.archivist;
    if (!who) throw new Error('the e2e server has no archivist');
    const api = await apiLogin(s.server.url, who);
    const f = await api.send<{ id: string }>('POST', '/api/fonds', { code: 'J601', name: '某市人民政府办公室', agency: '某市人民政府办公室', startYear: 2015 });
    await api.send('POST', `/api/fonds/${f.id}/categories`, { template: 'WS' });
    const cfg = await api.send<{ version: number }>('GET', '/api/ingest/config/GD');
    await api.send('PUT', '/api/ingest/config/GD', { version: cfg.version, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } });
    const tok = await api.send<{ secret: string }>('POST', '/api/tokens', { name: 'OA 系统', scopes: ['archive:write'], fondsScope: ['J601'] });
    const client = createArchiveClient({ baseUrl: s.server.url, token: tok.secret });
    const pdf = await onePagePdf('archive api');
    const file = { name: '关于加强政务公开工作的通知.pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') };
    const ok = await client.submit({
      idempotencyKey: 'oa-e2e-0001', files: [{ name: file.name, data: new Blob([pdf]) }],
      metadata: { fonds: 'J601', category: 'WS', files: [file], record: { 题名: '关于加强政务公开工作的通知', 责任者: '市政府办公室', 文号: '市政办发〔2021〕9号', 日期: '2021-06-01', 年度: 2021, 保管期限: '永久', 机构或问题: 'BGS', 密级: '公开' } },
    });
    expect(ok.status).toBe('accepted');
    const bad = await client.submit({
      idempotencyKey: 'oa-e2e-0002', files: [{ name: file.name, data: new Blob([pdf]) }],
      metadata: { fonds: 'J601', category: 'WS', files: [file], record: { 题名: '缺少年度的文件', 保管期限: '永久', 机构或问题: 'BGS' } },
    });
    expect(bad.status).toBe('rejected');

    const { page } = s;
    await fresh(page, s.web.url);
    await login(page, who);
    await page.goto(`${s.web.url}/ingest`);
    await page.getByTestId('archive-api-submissions').waitFor();
    await expect.poll(() => page.getByTestId('archive-api-submissions').innerText()).toContain(ok.receipt.body.archivalCode!);
    const text = await page.getByTestId('archive-api-submissions').innerText();
    expect(text).toContain('已归档');
    expect(text).toContain('已退回');
    expect(text).toContain('缺少年度的文件');
    await settled(page);
    await page.getByTestId('archive-api-card').scrollIntoViewIfNeeded();
    await shot(page, '74-archive-api-list');
    await page.getByTestId('archive-api-run').first().click();
    await page.getByTestId('ingest-report').waitFor();
    await expect.poll(() => page.getByTestId('ingest-report').innerText(), { timeout: 20_000 }).toContain('GD-1-1');
  });
});
