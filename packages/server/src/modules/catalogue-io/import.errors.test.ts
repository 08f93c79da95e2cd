import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { csvFile, ioClient, WS_HEADER, wsRow, xlsxFile } from './io.test-kit.ts';

let t: TestApp;
let arch: Awaited<ReturnType<typeof signedIn>>;
let io: ReturnType<typeof ioClient>;
beforeAll(async () => {
  t = await buildTestApp({ worker: true });
  arch = await signedIn(t, ['archivist'], { clearance: 'mimi' });
  io = ioClient(t, arch.headers);
});
afterAll(async () => { await t.close(); });

const codesOf = (errors: { row: number; code: string }[]) => errors.map((e) => [e.row, e.code]);
const count = async (categoryId: string) =>
  Number((await t.c.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', categoryId).executeTakeFirstOrThrow()).n);

describe('import: every bad row is reported with its row number and code', () => {
  it('reports class codes, dates, 全宗号, lengths, clearance and required values row by row, and refuses to commit', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const rows = [
      WS_HEADER,
      wsRow(fondsCode, 1),
      wsRow(fondsCode, 2, { '机构(问题)': 'XYZ' }),
      wsRow(fondsCode, 3, { 保管期限: '永远' }),
      wsRow(fondsCode, 4, { 日期: '20200101' }),
      wsRow(fondsCode, 5, { 日期: '20210230' }),
      wsRow(fondsCode, 6, { 全宗号: 'z1' }),
      wsRow(fondsCode, 7, { 全宗号: 'ZZZZ' }),
      wsRow(fondsCode, 8, { 文号: 'x'.repeat(300) }),
      wsRow(fondsCode, 9, { 题名: '' }),
      wsRow(fondsCode, 10, { 密级: '机密' }),
      wsRow(fondsCode, 11, { 页数: '三页' }),
      wsRow(fondsCode, 12, { 题名: '=cmd|\' /C calc\'!A0' }),
    ];
    const { imp, errors } = await io.dryRun(categoryId, 'bad.csv', csvFile(rows));
    expect(imp).toMatchObject({ status: 'validated', totalRows: 12, errorRows: 10, errorCount: 10 });
    expect(codesOf(errors)).toEqual([
      [3, 'unknown_org'], [4, 'unknown_retention'], [5, 'date_year_mismatch'], [6, 'bad_date'], [7, 'bad_fonds_code'], [8, 'fonds_mismatch'],
      [9, 'too_long'], [10, 'missing_required'], [11, 'security_above_clearance'], [12, 'bad_number'],
    ]);
    expect(errors[0]).toMatchObject({ column: '机构(问题)', severity: 'error', value: null });
    expect(errors[0]!.zh).toContain('XYZ');
    expect(errors[2]!.zh).toContain('与年度 2021 不符');
    const page = (await t.app.inject({ url: `/api/imports/${imp.id}/errors?offset=8&limit=1`, headers: arch.headers })).json();
    expect(page).toMatchObject({ total: 10, offset: 8, limit: 1, items: [{ row: 11, code: 'security_above_clearance' }] });
    const refused = await t.app.inject({ method: 'POST', url: `/api/imports/${imp.id}/commit`, headers: arch.headers });
    expect(refused.json().code).toBe('import_has_errors');
    expect(await count(categoryId)).toBe(0);
  });

  it('finds duplicate 档号 within the file and against the database', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const existing = (await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) })).json();
    const code = (n: number) => `${fondsCode}-WS·2021-Y-BGS-${String(n).padStart(4, '0')}`;
    const rows = [WS_HEADER, wsRow(fondsCode, 1, { 档号: code(5) }), wsRow(fondsCode, 2, { 档号: code(6) }), wsRow(fondsCode, 3, { 档号: code(5) }),
      wsRow(fondsCode, 4, { 档号: existing.archivalCode }), wsRow(fondsCode, 5, { 档号: `${fondsCode}-WS·2021-Y-BGS-12` }),
      wsRow(fondsCode, 6, { 档号: code(9), 保管期限: '定期10年' }), wsRow(fondsCode, 7, { 档号: '' })];
    const { errors } = await io.dryRun(categoryId, 'dup.csv', csvFile(rows), { keepCodes: true });
    expect(codesOf(errors)).toEqual([[4, 'duplicate_code'], [5, 'code_exists'], [6, 'bad_code'], [7, 'code_class_mismatch'], [8, 'missing_code']]);
    expect(errors[0]!.zh).toContain('与第 2 行相同');
  });

  it('refuses a 10 MB cell in its own row without holding the file, in csv and xlsx', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const huge = '档'.repeat(10 * 1024 * 1024 / 3);
    const rows = [WS_HEADER, wsRow(fondsCode, 1), wsRow(fondsCode, 2, { 备注: huge }), wsRow(fondsCode, 3)];
    for (const [name, data] of [['big.csv', csvFile(rows)], ['big.xlsx', await xlsxFile(rows)]] as const) {
      const { imp, errors } = await io.dryRun(categoryId, name, data);
      expect(imp).toMatchObject({ totalRows: 3, errorRows: 1 });
      expect(errors).toMatchObject([{ row: 3, code: 'cell_too_large', column: '备注' }]);
      expect(errors[0]!.value!.length).toBeLessThanOrEqual(101);
    }
  });

  it('flags mojibake from a wrongly chosen encoding, with row numbers, in preview and validation', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const rows = [WS_HEADER, wsRow(fondsCode, 1), wsRow(fondsCode, 2, { 题名: 'Annual report', 责任者: 'Office' })];
    const utf8 = (await io.upload(categoryId, 'u.csv', csvFile(rows))).json();
    const preview = (await t.app.inject({ url: `/api/imports/${utf8.id}/preview?encoding=gbk`, headers: arch.headers })).json();
    expect(preview.encoding).toBe('gbk');
    expect(preview.warnings.map((w: { row: number; code: string }) => w.row)).toContain(2);
    expect(preview.warnings.every((w: { code: string }) => ['suspect_mojibake', 'encoding_invalid'].includes(w.code))).toBe(true);
    // The headers are garbled too: map them by position, as a user would in the wizard.
    const good = (await t.app.inject({ url: `/api/imports/${utf8.id}/preview`, headers: arch.headers })).json().suggestedMapping;
    const mapping = Object.fromEntries(preview.headers.map((h: string, i: number) => [h, good[WS_HEADER[i]!]]));
    const v = await io.validate(utf8.id, { encoding: 'gbk', mapping });
    expect(v.errorRows).toBeGreaterThanOrEqual(1);
    const errs = await io.errors(utf8.id);
    expect(errs.some((e) => e.row === 2 && ['suspect_mojibake', 'encoding_invalid'].includes(e.code))).toBe(true);
    expect(errs.some((e) => e.code === 'suspect_mojibake')).toBe(true);
    expect(errs.some((e) => e.row === 1)).toBe(false);
    const gbk = (await io.upload(categoryId, 'g.csv', csvFile(rows, 'gbk'), { encoding: 'utf-8' })).json();
    expect(gbk).toMatchObject({ encoding: 'utf-8', detectedEncoding: 'gb18030' });
    const garbled = (await t.app.inject({ url: `/api/imports/${gbk.id}/preview`, headers: arch.headers })).json();
    expect(garbled.warnings.filter((w: { code: string }) => w.code === 'encoding_invalid').map((w: { row: number }) => w.row)).toEqual(expect.arrayContaining([1, 2, 3]));
    await io.validate(gbk.id, { mapping: Object.fromEntries(garbled.headers.map((h: string, i: number) => [h, good[WS_HEADER[i]!]])) });
    expect((await io.errors(gbk.id)).filter((e) => e.code === 'encoding_invalid').map((e) => e.row)).toContain(2);
    const allowed = await io.validate(utf8.id, { encoding: 'gbk', allowSuspectText: true, mapping });
    expect(allowed.warningCount).toBeGreaterThan(0);
  });

  it('stops at an unreadable row, refuses non-spreadsheets, and needs the required columns', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const broken = Buffer.concat([csvFile([WS_HEADER, wsRow(fondsCode, 1), wsRow(fondsCode, 2, { '机构(问题)': 'XYZ' })]), Buffer.from(`"未闭合的引号,${fondsCode},2021\n`)]);
    const b = await io.dryRun(categoryId, 'broken.csv', broken);
    expect(b.imp).toMatchObject({ status: 'failed', totalRows: 2, failure: { row: 4, code: 'row_unreadable' } });
    expect(codesOf(b.errors)).toEqual([[3, 'unknown_org'], [4, 'row_unreadable']]);
    const png = await io.upload(categoryId, 'x.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect([png.statusCode, png.json().code]).toEqual([415, 'unsupported_file']);
    const xls = await io.upload(categoryId, 'x.xls', Buffer.from('d0cf11e0a1b11ae1000000', 'hex'));
    expect(xls.json().code).toBe('unsupported_file');
    expect((await io.upload(categoryId, 'x.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).json().code).toBe('unsupported_file');
    const up = (await io.upload(categoryId, 'nomap.csv', csvFile([WS_HEADER, wsRow(fondsCode, 1)]))).json();
    const v = await io.validate(up.id, { mapping: { 题名: 'title', 年度: 'year' } });
    expect(v).toMatchObject({ status: 'failed', failure: { row: 1, code: 'column_unmapped' } });
    const v2 = await io.validate(up.id, { mapping: { 题名: 'title', 年度: 'year', 不存在的列: 'retention' } });
    expect(v2).toMatchObject({ status: 'failed', failure: { row: 1, code: 'column_unmapped' } });
    const twice = await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/validate`, headers: arch.headers, payload: { mapping: { 题名: 'title', 备注: 'title' } } });
    expect([twice.statusCode, twice.json().issues[0].path]).toEqual([400, 'mapping.备注']);
    const notReady = await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/commit`, headers: arch.headers });
    expect(notReady.json().code).toBe('import_state');
  });
});

describe('import: all or nothing', () => {
  it('rolls back everything when the last of 2 500 rows fails at commit: no records, counters unchanged, row-level reason', async () => {
    const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
    const code = (n: number) => `${fondsCode}-WS·2021-Y-BGS-${String(n).padStart(4, '0')}`;
    const rows = [WS_HEADER, ...Array.from({ length: 2499 }, (_, i) => wsRow(fondsCode, i, { 档号: code(i + 2) })), wsRow(fondsCode, 9999, { 档号: code(1) })];
    const { imp, errors } = await io.dryRun(categoryId, 'late.csv', csvFile(rows), { keepCodes: true });
    expect([imp.totalRows, errors]).toEqual([2500, []]);
    // Meanwhile someone catalogues 0001 by hand: the last row (row 2501 of the sheet) now collides.
    await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId) });
    const counters = await t.c.db.selectFrom('item_counters').selectAll().where('counter_key', 'like', `${categoryId}:%`).orderBy('counter_key').execute();
    const { job, imp: after } = await io.commit(imp.id);
    expect(job.state).toBe('failed');
    expect(job.message).toContain('第 2501 行');
    expect(after).toMatchObject({ status: 'failed', failure: { row: 2501, code: 'code_exists', value: code(1) } });
    expect(await count(categoryId)).toBe(1);
    expect(await t.c.db.selectFrom('item_counters').selectAll().where('counter_key', 'like', `${categoryId}:%`).orderBy('counter_key').execute()).toEqual(counters);
    expect((await io.errors(imp.id)).at(-1)).toMatchObject({ row: 2501, code: 'code_exists' });
    const audit = await t.c.db.selectFrom('audit_log').select('seq').where('action', '=', 'record.import').where('target_id', '=', categoryId).execute();
    expect(audit).toHaveLength(0);
  });
});
