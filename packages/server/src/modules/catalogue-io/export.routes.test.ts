import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { csvFile, ioClient, WS_HEADER, wsRow } from './io.test-kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let io: ReturnType<typeof ioClient>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  io = ioClient(t, arch.headers);
});
afterAll(async () => { await t.close(); });

const EVIL = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '普通题名'];
const exportOf = (query: string, headers = arch.headers) => t.app.inject({ url: `/api/records/export?${query}`, headers });
async function xlsxRows(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('export', () => {
  it('streams csv (UTF-8 with BOM) and xlsx with Chinese headers, neutralising formula-looking text in both', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    for (const [i, title] of EVIL.entries()) {
      await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { title, remarks: i ? '\t=1+1' : '=HYPERLINK("http://x")' }) });
    }
    const csv = await exportOf(`format=csv&categoryId=${categoryId}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''%E6%A1%A3%E6%A1%88%E7%9B%AE%E5%BD%95");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv.rawPayload.subarray(3)) as string[][];
    expect(rows[0]!.slice(0, 6)).toEqual(['档号', '全宗号', '门类代码', '年度', '保管期限', '机构(问题)']);
    const ti = rows[0]!.indexOf('题名'), ri = rows[0]!.indexOf('备注');
    expect(rows.slice(1).map((r) => r[ti])).toEqual(EVIL.map((v) => (v === '普通题名' ? v : `'${v}`)));
    expect(rows.slice(1, 3).map((r) => r[ri])).toEqual(['\'=HYPERLINK("http://x")', "'\t=1+1"]);
    expect(rows[1]![0]).toBe(`${fondsCode}-WS·2021-Y-BGS-0001`);
    expect(rows[1]![4]).toBe('永久');
    const xlsx = await exportOf(`format=xlsx&categoryId=${categoryId}`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const x = await xlsxRows(xlsx.rawPayload);
    expect(x[0]![8]).toBe('题名');
    expect(x.slice(1).map((r) => r[8])).toEqual(EVIL.map((v) => (v === '普通题名' ? v : `'${v}`)));
    expect(x[1]![3]).toBe(2021);
    expect(x[2]![18]).toBe("'\t=1+1");
  });

  it('round-trips: an exported file re-imports with zero errors and the same text, in both formats', async () => {
    const { categoryId } = await buildFonds(t.app, arch.headers);
    for (const title of EVIL) await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { title, subjects: ['人事', '任免'], scopeCode: '1.1' }) });
    for (const format of ['csv', 'xlsx'] as const) {
      const file = (await exportOf(`format=${format}&categoryId=${categoryId}&year=2021`)).rawPayload;
      const { imp, errors } = await io.dryRun(categoryId, `roundtrip.${format}`, file);
      expect([imp.totalRows, imp.errorCount, imp.warningCount, errors]).toEqual([EVIL.length * (format === 'csv' ? 1 : 2), 0, 0, []]);
      expect((await io.commit(imp.id)).imp.status).toBe('committed');
    }
    const all = (await t.app.inject({ url: `/api/records?categoryId=${categoryId}&limit=100`, headers: arch.headers })).json().items;
    const byTitle = new Map<string, number>();
    for (const r of all) byTitle.set(r.title, (byTitle.get(r.title) ?? 0) + 1);
    expect(Object.fromEntries(byTitle)).toEqual(Object.fromEntries(EVIL.map((v) => [v, 4])));
    expect(all.every((r: { subjects: string[]; scopeCode: string }) => r.subjects.join() === '人事,任免' && r.scopeCode === '1.1')).toBe(true);
  });

  it('pages through thousands of rows by keyset, in 档号 order, with the filters applied', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const rows = [WS_HEADER, ...Array.from({ length: 4500 }, (_, i) => wsRow(fondsCode, i, i % 3 === 0 ? { 年度: 2020, 日期: '20200101' } : {}))];
    const { imp } = await io.dryRun(categoryId, 'many.csv', csvFile(rows));
    expect((await io.commit(imp.id)).imp.committedRows).toBe(4500);
    const all = parse((await exportOf(`format=csv&categoryId=${categoryId}`)).rawPayload.subarray(3)) as string[][];
    expect(all).toHaveLength(4501);
    const codes = all.slice(1).map((r) => r[0]!);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(4500);
    const only2020 = parse((await exportOf(`format=csv&categoryId=${categoryId}&year=2020`)).rawPayload.subarray(3)) as string[][];
    expect(only2020).toHaveLength(1501);
  });
});

describe('permissions', () => {
  it('refuses readers (403), hides other fonds from a records officer (404), and scopes what they export', async () => {
    const mine = await buildFonds(t.app, arch.headers);
    const other = await buildFonds(t.app, arch.headers);
    await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(mine.categoryId, { title: '本全宗' }) });
    await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(mine.categoryId, { title: '秘密件', security: 'mimi' }) });
    await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(other.categoryId, { title: '他全宗' }) });
    const reader = await signedIn(t, ['reader']);
    const officer = await signedIn(t, ['records_officer'], { fondsScope: [mine.fondsCode], clearance: 'internal' });
    const file = csvFile([WS_HEADER, wsRow(mine.fondsCode, 1)]);
    expect((await ioClient(t, reader.headers).upload(mine.categoryId, 'r.csv', file)).statusCode).toBe(403);
    expect((await exportOf('format=csv', reader.headers)).statusCode).toBe(403);
    const off = ioClient(t, officer.headers);
    expect((await off.upload(other.categoryId, 'o.csv', csvFile([WS_HEADER, wsRow(other.fondsCode, 1)]))).statusCode).toBe(404);
    const archImport = (await io.upload(other.categoryId, 'a.csv', csvFile([WS_HEADER, wsRow(other.fondsCode, 1)]))).json();
    for (const url of [`/api/imports/${archImport.id}`, `/api/imports/${archImport.id}/preview`, `/api/imports/${archImport.id}/errors`]) {
      expect((await t.app.inject({ url, headers: officer.headers })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/imports/${archImport.id}/commit`, headers: officer.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/import-templates?categoryId=${other.categoryId}`, headers: officer.headers })).statusCode).toBe(404);
    expect((await exportOf(`format=csv&categoryId=${other.categoryId}`, officer.headers)).statusCode).toBe(404);
    const own = await off.dryRun(mine.categoryId, 'mine.csv', file);
    expect(own.errors).toEqual([]);
    expect((await off.commit(own.imp.id)).imp.status).toBe('committed');
    const visible = parse((await exportOf('format=csv', officer.headers)).rawPayload.subarray(3)) as string[][];
    const titles = visible.slice(1).map((r) => r[8]);
    expect(titles).toContain('本全宗');
    expect(titles).not.toContain('他全宗');
    expect(titles).not.toContain('秘密件');
    const list = (await t.app.inject({ url: '/api/imports', headers: officer.headers })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([own.imp.id]);
  });
});
