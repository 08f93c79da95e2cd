import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectEncoding, sniffFormat, textTrouble } from './import.encoding.ts';
import { parseDate, parseRetention, parseSecurity, suggestMapping } from './import.fields.ts';
import { csvRecords } from './import.csv.ts';
import { headerKeys, readRows } from './import.parse.ts';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-parse-'));
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));
const TEXT = '题名,责任者\n关于印发年度工作要点的通知,办公室\n';
async function rowsOf(name: string, data: Buffer, format: 'csv' | 'xlsx', encoding: 'utf-8' | 'gb18030' | 'big5' = 'utf-8') {
  const f = path.join(dir, name);
  await fs.writeFile(f, data);
  const out: { row: number; cells: string[] }[] = [];
  for await (const r of readRows(f, format, encoding)) out.push(r);
  return out;
}

describe('encoding', () => {
  it('detects BOM, UTF-8, GBK/GB18030 and Big5', () => {
    expect(detectEncoding(Buffer.from(`\ufeff${TEXT}`))).toBe('utf-8');
    expect(detectEncoding(Buffer.from(TEXT))).toBe('utf-8');
    expect(detectEncoding(iconv.encode(TEXT.repeat(20), 'gbk'))).toBe('gb18030');
    expect(detectEncoding(iconv.encode('題名,責任者\n關於印發年度工作要點的通知,辦公室\n'.repeat(20), 'big5'))).toBe('big5');
    expect(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
  });

  it('tells mojibake from real text', () => {
    const utf8AsGbk = iconv.decode(Buffer.from('关于印发年度工作要点的通知'), 'gb18030');
    expect(textTrouble(utf8AsGbk, 'gb18030')).toBe('suspect_mojibake');
    expect(textTrouble('关于印发年度工作要点的通知', 'gb18030')).toBeUndefined();
    expect(textTrouble('办', 'gb18030')).toBeUndefined();
    expect(textTrouble(iconv.decode(Buffer.from('关于'), 'win1252'), 'utf-8')).toBe('suspect_mojibake');
    expect(textTrouble('Café Zürich', 'utf-8')).toBeUndefined();
    expect(textTrouble('a\ufffdb', 'utf-8')).toBe('encoding_invalid');
    expect(textTrouble('锟斤拷', 'utf-8')).toBe('suspect_mojibake');
  });
});

describe('values and headers', () => {
  it('reads dates, retention and security the ways people write them', () => {
    expect(['20210315', '2021-03-15', '2021/3/5', '2021.03.15', '2021年3月15日', '2021-03-15 10:00', '44270'].map(parseDate))
      .toEqual(['20210315', '20210315', '20210305', '20210315', '20210315', '20210315', '20210315']);
    expect(parseDate('15/03/2021')).toBeUndefined();
    expect(['永久', '定期30年', '30年', 'D30', 'd10', '长期', '短期', '定期'].map(parseRetention)).toEqual(['Y', 'D30', 'D30', 'D30', 'D10', 'C', 'D', undefined]);
    expect(['', '公开', '★秘密', '机密', '绝密', '内部', '高度机密'].map(parseSecurity)).toEqual(['public', 'public', 'mimi', 'jimi', 'juemi', 'internal', undefined]);
  });

  it('makes header names unique and suggests targets from DA/T names', () => {
    expect(headerKeys(['\ufeff题名', '', '备注', '备注'])).toEqual(['题名', '列2', '备注', '备注 (2)']);
    expect(suggestMapping(['成文日期', '机构（问题）代码', '保管期限', '题名', '题名 (2)', '承办人'], [{ key: 'handler', label: '承办人', type: 'text', required: false }]))
      .toEqual({ 成文日期: 'docDate', '机构（问题）代码': 'org', 保管期限: 'retention', 题名: 'title', '题名 (2)': null, 承办人: 'extra.handler' });
  });
});

describe('readers', () => {
  it('reads a csv in GB18030 and a tab-separated one, skipping empty rows', async () => {
    expect(await rowsOf('g.csv', iconv.encode(`${TEXT}\n,\n"多行\n标题",x\n`, 'gbk'), 'csv', 'gb18030')).toEqual([
      { row: 1, cells: ['题名', '责任者'] }, { row: 2, cells: ['关于印发年度工作要点的通知', '办公室'] }, { row: 5, cells: ['多行\n标题', 'x'] },
    ]);
    expect((await rowsOf('t.tsv', Buffer.from('题名\t年度\n甲,乙\t2021\n'), 'csv'))[1]).toEqual({ row: 2, cells: ['甲,乙', '2021'] });
  });

  it('reads xlsx cells of every kind: rich text, formulas, booleans, dates, entities, gaps; only the first sheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录');
    ws.getCell('A1').value = '题名';
    ws.getCell('C1').value = '日期';
    ws.getCell('A2').value = { richText: [{ text: '关于<印发>', font: { bold: true } }, { text: ' & 通知' }] };
    ws.getCell('B2').value = { formula: 'A1&"x"', result: '题名x' };
    ws.getCell('C2').value = new Date(Date.UTC(2021, 2, 15));
    ws.getCell('D2').value = true;
    ws.getCell('E2').value = 3;
    ws.getCell('A4').value = '第\r\n二行';
    wb.addWorksheet('其他').getCell('A1').value = '不该读到';
    const rows = await rowsOf('k.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'xlsx');
    expect(rows).toEqual([
      { row: 1, cells: ['题名', '', '日期'] },
      { row: 2, cells: ['关于<印发> & 通知', '题名x', '2021-03-15', 'TRUE', '3'] },
      { row: 4, cells: ['第\r\n二行'] },
    ]);
  });

  it('parses csv exactly like csv-parse on random quoted, multi-line, CRLF input, however it is chunked', async () => {
    const pick = <T,>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const pieces = ['档号', 'a', '', ' ', '"', '""', ',', '\n', '\r\n', 'x"y', '题名，含逗号', '\t'];
    for (let round = 0; round < 300; round++) {
      const rows = Array.from({ length: 1 + Math.floor(Math.random() * 6) }, () =>
        Array.from({ length: 1 + Math.floor(Math.random() * 4) }, () => Array.from({ length: Math.floor(Math.random() * 4) }, () => pick(pieces)).join('')));
      const eol = pick(['\n', '\r\n']);
      const text = rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(eol) + pick(['', eol]);
      const expected = parse(text, { relax_column_count: true }) as string[][];
      const cut = 1 + Math.floor(Math.random() * 7);
      const chunks = (async function* () { for (let i = 0; i < text.length; i += cut) yield text.slice(i, i + cut); })();
      const got: string[][] = [];
      for await (const r of csvRecords(chunks, ',', 1 << 20)) got.push(r);
      expect(got, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('refuses what is not an xlsx with a readable error', async () => {
    await expect(rowsOf('bad.xlsx', Buffer.from('PK\x03\x04 but not a zip', 'latin1'), 'xlsx')).rejects.toThrow(/xlsx/);
  });
});
