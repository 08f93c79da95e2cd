import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { csvFile, ioClient, WS_HEADER, wsRow, xlsxFile } from './io.test-kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let io: ReturnType<typeof ioClient>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist'], { clearance: 'jimi' });
  io = ioClient(t, arch.headers);
});
afterAll(async () => { await t.close(); });

const records = async (categoryId: string) =>
  (await t.app.inject({ url: `/api/records?categoryId=${categoryId}&limit=500`, headers: arch.headers })).json();

describe('import: upload → preview → validate → commit', () => {
  for (const [name, enc] of [['UTF-8', 'utf-8'], ['UTF-8 with BOM', 'bom'], ['GBK', 'gbk']] as const) {
    it(`imports a ${name} csv, detecting the encoding, and numbers after the existing records`, async () => {
      const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
      await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) });
      const file = csvFile([WS_HEADER, ...[1, 2, 3].map((i) => wsRow(fondsCode, i)), wsRow(fondsCode, 4, { 保管期限: '定期30年', '机构(问题)': 'RSK' })], enc);
      const up = await io.upload(categoryId, `目录-${enc}.csv`, file);
      expect(up.statusCode, up.body).toBe(200);
      expect(up.json()).toMatchObject({ status: 'uploaded', format: 'csv', filename: `目录-${enc}.csv`, detectedEncoding: enc === 'gbk' ? 'gb18030' : 'utf-8' });
      const preview = (await t.app.inject({ url: `/api/imports/${up.json().id}/preview`, headers: arch.headers })).json();
      expect(preview.headers).toEqual(WS_HEADER);
      expect(preview.rows[0][5]).toBe('关于印发年度工作要点的通知（1）');
      expect(preview.warnings).toEqual([]);
      expect(preview.suggestedMapping).toMatchObject({ 档号: 'archivalCode', 题名: 'title', '机构(问题)': 'org', 日期: 'docDate', 保管期限: 'retention', 密级: 'security' });
      const v = await io.validate(up.json().id);
      expect(v).toMatchObject({ status: 'validated', totalRows: 4, errorRows: 0, errorCount: 0 });
      const { job, imp } = await io.commit(v.id);
      expect(job.state).toBe('completed');
      expect(imp).toMatchObject({ status: 'committed', committedRows: 4 });
      const list = await records(categoryId);
      expect(list.items.map((r: { archivalCode: string }) => r.archivalCode)).toEqual([
        `${fondsCode}-WS·2021-D30-RSK-0001`, `${fondsCode}-WS·2021-Y-BGS-0001`, `${fondsCode}-WS·2021-Y-BGS-0002`,
        `${fondsCode}-WS·2021-Y-BGS-0003`, `${fondsCode}-WS·2021-Y-BGS-0004`,
      ]);
      const imported = list.items.find((r: { archivalCode: string }) => r.archivalCode.endsWith('Y-BGS-0002'));
      expect(imported).toMatchObject({ title: '关于印发年度工作要点的通知（1）', docDate: '20210315', orgCode: 'BGS', retention: 'Y', pages: 3, status: 'draft' });
      const hist = (await t.app.inject({ url: `/api/records/${imported.id}/history`, headers: arch.headers })).json();
      expect(hist.items).toMatchObject([{ version: 1, action: 'import', data: { archivalCode: imported.archivalCode } }]);
      const next = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) });
      expect(next.json().archivalCode).toBe(`${fondsCode}-WS·2021-Y-BGS-0005`);
    });
  }

  for (const streamed of [false, true]) {
    it(`imports an xlsx (${streamed ? 'inline strings, streamed writer' : 'shared strings, as Excel saves it'}) with real date cells`, async () => {
      const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
      const rows = [WS_HEADER, wsRow(fondsCode, 1, { 日期: new Date(Date.UTC(2021, 4, 6)) as never, 页数: 12 }), wsRow(fondsCode, 2, { 日期: 20210707, 密级: '内部' })];
      const up = await io.upload(categoryId, '目录.xlsx', await xlsxFile(rows, { streamed }));
      expect(up.json()).toMatchObject({ format: 'xlsx' });
      const v = await io.validate(up.json().id);
      expect(await io.errors(v.id)).toEqual([]);
      expect((await io.commit(v.id)).imp.status).toBe('committed');
      const items = (await records(categoryId)).items;
      expect(items.map((r: { docDate: string; security: string; pages: number }) => [r.docDate, r.security, r.pages])).toEqual([['20210506', 'public', 12], ['20210707', 'internal', 3]]);
    });
  }

  it('stores text with tabs, newlines, backslashes and quotes exactly (COPY escaping)', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const title = '反斜杠\\N 与 "引号"\t制表';
    const remarks = '第一行\n第二行\r\n\\N\t末尾\\';
    const rows = [[...WS_HEADER, '主题词'], [...wsRow(fondsCode, 1, { 题名: title, 备注: remarks }), '人事"任免、档案\\工作']];
    const { imp, errors } = await io.dryRun(categoryId, 'esc.csv', csvFile(rows));
    expect(errors).toEqual([]);
    expect((await io.commit(imp.id)).imp.status).toBe('committed');
    const [r] = (await records(categoryId)).items;
    expect([r.title, r.remarks, r.subjects]).toEqual([title, remarks, ['人事"任免', '档案\\工作']]);
    const hist = (await t.app.inject({ url: `/api/records/${r.id}/history`, headers: arch.headers })).json();
    expect(hist.items[0].data).toMatchObject({ title, remarks });
  });

  it('remembers the mapping per category and suggests it for the next file', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const header = ['文件题名', '年度', '期限', '部门', '说明'];
    const file = csvFile([header, ['甲', 2021, 'D10', 'BGS', '一'], ['乙', 2021, 'D10', 'BGS', '二']]);
    const up = (await io.upload(categoryId, 'a.csv', file)).json();
    const preview = (await t.app.inject({ url: `/api/imports/${up.id}/preview`, headers: arch.headers })).json();
    expect(preview).toMatchObject({ fromTemplate: false, suggestedMapping: { 文件题名: 'title', 年度: 'year', 期限: null, 部门: 'org', 说明: null } });
    const mapping = { ...preview.suggestedMapping, 期限: 'retention', 说明: 'remarks' };
    const v = await io.validate(up.id, { mapping });
    expect(v).toMatchObject({ status: 'validated', errorRows: 0, totalRows: 2 });
    const tpl = (await t.app.inject({ url: `/api/import-templates?categoryId=${categoryId}`, headers: arch.headers })).json();
    expect(tpl.mapping).toEqual(mapping);
    const again = (await io.upload(categoryId, 'b.csv', file)).json();
    const p2 = (await t.app.inject({ url: `/api/imports/${again.id}/preview`, headers: arch.headers })).json();
    expect(p2).toMatchObject({ fromTemplate: true, suggestedMapping: mapping });
    const put = await t.app.inject({ method: 'PUT', url: '/api/import-templates', headers: arch.headers, payload: { categoryId, mapping: { 文件题名: 'title' }, keepCodes: true } });
    expect(put.json()).toMatchObject({ keepCodes: true, mapping: { 文件题名: 'title' } });
    expect(fondsCode).toHaveLength(4);
  });

  it('keeps legacy 档号 when asked, and moves the class counter past them', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const code = (n: number) => `${fondsCode}-WS·2019-Y-BGS-${String(n).padStart(4, '0')}`;
    const rows = [WS_HEADER, wsRow(fondsCode, 1, { 档号: code(7), 年度: 2019, 日期: '20190101' }), wsRow(fondsCode, 2, { 档号: code(3), 年度: 2019, 日期: '' })];
    const { imp, errors } = await io.dryRun(categoryId, 'legacy.csv', csvFile(rows), { keepCodes: true });
    expect(errors).toEqual([]);
    expect((await io.commit(imp.id)).imp.committedRows).toBe(2);
    const next = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { year: 2019, docDate: '' }) });
    expect(next.json().archivalCode).toBe(code(8));
    const audit = await t.c.db.selectFrom('audit_log').selectAll().where('action', '=', 'record.import').where('target_id', '=', categoryId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ rows: 2, keepCodes: true, importId: imp.id });
  });
});
