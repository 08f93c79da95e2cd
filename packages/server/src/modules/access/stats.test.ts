import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { approvedRequest, json, recordWithFile } from './access.test-kit.ts';

let t: TestApp;
let a1: Awaited<ReturnType<typeof signedIn>>;
let a2: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await buildTestApp();
  a1 = await signedIn(t, ['archivist']);
  a2 = await signedIn(t, ['archivist']);
});
afterAll(async () => t?.close());

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

describe('利用 statistics', () => {
  it('counts requests, decisions, deliveries and purposes per period, and exports them to xlsx', async () => {
    const reader = await signedIn(t, ['reader']);
    const rec = await recordWithFile(t, a1.headers);
    const ok = await approvedRequest(t, reader, [a1, a2], [rec.id], { purpose: 'marriage' });
    json(await t.app.inject({ method: 'POST', url: `/api/access/requests/${ok.id}/deliveries`, headers: a1.headers, payload: { mode: 'view', days: 1 } }));
    const rej = json(await t.app.inject({ method: 'POST', url: '/api/access/requests', headers: reader.headers, payload: { purpose: 'research', content: '研究' } }));
    json(await t.app.inject({ method: 'POST', url: `/api/access/requests/${rej.id}/decisions`, headers: a1.headers, payload: { decision: 'reject', stepIndex: 0, reason: '超出馆藏范围' } }));
    // Last year's data are outside the period and must not be counted.
    await t.c.db.updateTable('access_requests').set({ created_at: new Date('2020-06-01T00:00:00Z') }).where('id', '=', rej.id).execute();

    const y = today().slice(0, 4);
    const s = json(await t.app.inject({ url: `/api/access/stats?from=${y}-01-01&to=${y}-12-31&period=month`, headers: a1.headers }));
    expect(s.rows).toHaveLength(12);
    const month = s.rows.find((r: { period: string }) => r.period === today().slice(0, 7));
    expect(month).toMatchObject({ requests: 1, approved: 1, rejected: 1, deliveries: 1 });
    expect(s.totals).toMatchObject({ requests: 1, approved: 1, rejected: 1, deliveries: 1 });
    expect(s.purposes.find((p: { purpose: string }) => p.purpose === 'marriage').requests).toBe(1);
    expect(s.purposes.find((p: { purpose: string }) => p.purpose === 'research').requests).toBe(0);

    const byDay = json(await t.app.inject({ url: `/api/access/stats?from=${today()}&to=${today()}&period=day`, headers: a1.headers }));
    expect(byDay.rows).toEqual([{ period: today(), requests: 1, approved: 1, rejected: 1, deliveries: 1, views: 0, downloads: 0 }]);
    const bad = await t.app.inject({ url: `/api/access/stats?from=${y}-12-31&to=${y}-01-01`, headers: a1.headers });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ url: `/api/access/stats?from=${y}-01-01&to=${y}-12-31`, headers: reader.headers })).statusCode).toBe(403);

    const x = await t.app.inject({ url: `/api/access/stats/export?from=${y}-01-01&to=${y}-12-31&period=month`, headers: a1.headers });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('利用统计')!;
    expect(ws.getRow(1).values).toEqual([undefined, '期间', '申请', '批准', '不予批准', '交付', '查看(页次)', '下载/出证']);
    expect(ws.getRow(14).values).toEqual([undefined, '合计', 1, 1, 1, 1, 0, 0]);
    expect(wb.getWorksheet('利用目的')!.getRow(2).values).toEqual([undefined, '民生·婚姻登记', 1]);
  });
});
