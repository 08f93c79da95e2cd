import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import type { TestApp } from '../../../test/app.ts';

/** Test files made in the test: csv in UTF-8, UTF-8 with BOM or GBK; xlsx as Excel writes it (shared strings) or streamed (inline). */
export function csvFile(rows: (string | number)[][], encoding: 'utf-8' | 'bom' | 'gbk' = 'utf-8'): Buffer {
  const text = stringify(rows);
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.from((encoding === 'bom' ? '\ufeff' : '') + text, 'utf8');
}

export async function xlsxFile(rows: (string | number | Date | null)[][], opts: { streamed?: boolean } = {}): Promise<Buffer> {
  if (opts.streamed) {
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (c: Buffer) => parts.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('目录');
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
    return Buffer.concat(parts);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('目录');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A multipart/form-data body, fields first (as a browser's FormData built in that order sends them). */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----lantai${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

type H = Record<string, string>;
export const WS_HEADER = ['档号', '全宗号', '年度', '保管期限', '机构(问题)', '题名', '责任者', '文号', '日期', '密级', '页数', '备注'];
export const wsRow = (fonds: string, i: number, over: Partial<Record<(typeof WS_HEADER)[number], string | number>> = {}) => {
  const base: Record<string, string | number> = {
    档号: '', 全宗号: fonds, 年度: 2021, 保管期限: '永久', '机构(问题)': '办公室', 题名: `关于印发年度工作要点的通知（${i}）`, 责任者: '办公室',
    文号: `晋办发〔2021〕${i}号`, 日期: '2021-03-15', 密级: '公开', 页数: 3, 备注: '', ...over,
  };
  return WS_HEADER.map((h) => base[h]!);
};

export function ioClient(t: TestApp, headers: H) {
  const upload = (categoryId: string, name: string, data: Buffer, extra: Record<string, string> = {}) => {
    const m = multipart({ categoryId, ...extra }, { name, data });
    return t.app.inject({ method: 'POST', url: '/api/imports', headers: { ...headers, ...m.headers }, payload: m.payload });
  };
  const wait = async (jobId: string) => t.c.jobs.waitFor(jobId, 120_000);
  const get = async (id: string) => (await t.app.inject({ url: `/api/imports/${id}`, headers })).json();
  async function validate(id: string, body: Record<string, unknown> = {}) {
    const preview = (await t.app.inject({ url: `/api/imports/${id}/preview`, headers })).json();
    const res = await t.app.inject({ method: 'POST', url: `/api/imports/${id}/validate`, headers, payload: { mapping: preview.suggestedMapping, ...body } });
    expect(res.statusCode, res.body).toBe(200);
    await wait(res.json().jobId);
    return get(id);
  }
  async function commit(id: string) {
    const res = await t.app.inject({ method: 'POST', url: `/api/imports/${id}/commit`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const job = await wait(res.json().jobId);
    return { job, imp: await get(id) };
  }
  const errors = async (id: string) => (await t.app.inject({ url: `/api/imports/${id}/errors?limit=500`, headers })).json().items as { row: number; code: string; column: string | null; severity: string; zh: string; value: string | null }[];
  /** Upload, then validate with the suggested mapping. */
  async function dryRun(categoryId: string, name: string, data: Buffer, body: Record<string, unknown> = {}) {
    const up = await upload(categoryId, name, data);
    expect(up.statusCode, up.body).toBe(200);
    const imp = await validate(up.json().id, body);
    return { imp, errors: await errors(imp.id) };
  }
  return { upload, validate, commit, errors, get, dryRun };
}
