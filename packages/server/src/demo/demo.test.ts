import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../test/app.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { loadDemoData } from './demo.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.close(); });

describe('demo data', () => {
  it('builds a browsable archive through the real services, once', async () => {
    const n = await loadDemoData(t.c, { scale: 0.02, log: () => {} });
    expect(n).toBeGreaterThan(50);
    expect(await loadDemoData(t.c, { scale: 0.02, log: () => {} })).toBe(0);
    const arch = await signedIn(t, ['archivist'], { clearance: 'juemi' });
    const fonds = (await t.app.inject({ url: '/api/fonds', headers: arch.headers })).json().items;
    expect(fonds.map((f: { code: string }) => f.code)).toEqual(['J001', 'J002', 'J003', 'Z109']);
    const records = await t.app.inject({ url: `/api/records?fondsId=${fonds[0].id}&limit=500`, headers: arch.headers });
    const items = records.json().items as { archivalCode: string; status: string; docDate: string; year: number }[];
    expect(items.length).toBe(18);
    for (const r of items) {
      expect(r.archivalCode).toMatch(/^J001-WS·\d{4}-(Y|D30|D10)-[A-Z]{3}-\d{4}$/);
      expect(r.docDate.slice(0, 4)).toBe(String(r.year));
    }
    expect(items.some((r) => r.status === 'archived')).toBe(true);
    const files = await t.c.db.selectFrom('record_files').select(['mime']).execute();
    expect(files.filter((f) => f.mime === 'application/pdf').length).toBeGreaterThanOrEqual(12) // 3 per fonds;
    expect(files.filter((f) => f.mime === 'image/jpeg').length).toBeGreaterThan(0);
    const kj = (await t.app.inject({ url: `/api/fonds/${fonds[3].id}/categories`, headers: arch.headers })).json().items;
    expect(kj.map((c: { code: string; mode: string }) => `${c.code}:${c.mode}`)).toEqual(['KJ:volume', 'WS:item']);
    const vols = (await t.app.inject({ url: `/api/records?categoryId=${kj[0].id}&limit=100`, headers: arch.headers })).json().items as { kind: string; archivalCode: string }[];
    expect(vols.find((v) => v.kind === 'item')?.archivalCode).toMatch(/^Z109-KJ-2019-D30-\d{3}-\d{4}$/);
    expect((await verifyAuditChain(t.c.db)).ok).toBe(true);
  });
});
