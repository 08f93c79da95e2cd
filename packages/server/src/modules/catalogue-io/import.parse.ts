import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import type { ImportEncoding } from '@lantai/api';
import { csvRecords, CsvSyntaxError } from './import.csv.ts';
import { codecOf, readSample } from './import.encoding.ts';
import { MAX_ROW_BYTES, SheetError, readXlsxRows, type SheetRow } from './xlsx.reader.ts';

export { SheetError, type SheetRow } from './xlsx.reader.ts';

/** The separator of a csv: comma, tab or semicolon, whichever the header line has most of. */
function delimiterOf(sample: Buffer, encoding: ImportEncoding): string {
  const text = iconv.decode(sample.subarray(0, 64 * 1024), codecOf(encoding));
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (d: string) => line.split(d).length - 1;
  return [',', '\t', ';'].reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

/** Rows of a csv in the given encoding, streamed; a BOM is dropped, empty rows skipped, the header is row 1. */
async function* readCsvRows(file: string, encoding: ImportEncoding, onProgress?: (fraction: number) => void): AsyncGenerator<SheetRow> {
  const { size } = await fs.stat(file);
  const delimiter = delimiterOf(await readSample(file), encoding);
  let read = 0;
  const src = createReadStream(file, { highWaterMark: 1024 * 1024 });
  src.on('data', (c) => { read += c.length; });
  const text = src.pipe(iconv.decodeStream(codecOf(encoding)) as unknown as Transform);
  src.on('error', (e) => text.destroy(e));
  let row = 0;
  try {
    for await (const cells of csvRecords(text as AsyncIterable<string>, delimiter, MAX_ROW_BYTES / 2)) {
      row++;
      if (row % 1000 === 0) onProgress?.(size ? read / size : 1);
      if (cells.some((c) => c.trim() !== '')) yield { row, cells };
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new SheetError(`第 ${row + 1} 行无法解析 / row ${row + 1} cannot be read: ${e.message}`, row + 1);
    throw e;
  } finally {
    src.destroy();
    text.destroy();
  }
}

/** Every non-empty row of the file, first the header. */
export function readRows(file: string, format: 'csv' | 'xlsx', encoding: ImportEncoding, onProgress?: (fraction: number) => void): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsxRows(file, onProgress) : readCsvRows(file, encoding, onProgress);
}

/** Header names made unique and non-empty: a blank header becomes 列N, a repeated one gets " (2)". */
export function headerKeys(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    const base = c.replace(/^\ufeff/, '').trim().slice(0, 100) || `列${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
