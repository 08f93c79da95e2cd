import type { ExtraField, ImportEncoding, ImportRowIssue } from '@lantai/api';
import { textTrouble } from './import.encoding.ts';
import { fieldList, suggestMapping } from './import.fields.ts';
import { cut, issue } from './import.messages.ts';
import { headerKeys, readRows, SheetError } from './import.parse.ts';

const SHOW = 20, SCAN = 2000, MAX_WARNINGS = 100;

/**
 * The wizard's second step: headers, the first rows, a mapping (the category's remembered template where it
 * knows a header, else a guess from the header's name) and encoding warnings from the first rows, with
 * their row numbers, so a wrong guess can be fixed before validating.
 */
export async function previewFile(
  file: string, format: 'csv' | 'xlsx', encoding: ImportEncoding, extra: ExtraField[],
  template: { mapping: Record<string, string | null>; keep_codes: boolean } | undefined, detectedEncoding: string,
) {
  let headers: string[] = [];
  const rows: string[][] = [];
  const warnings: ImportRowIssue[] = [];
  const look = (row: number, column: string | null, cell: string) => {
    const t = textTrouble(cell, encoding);
    if (t && warnings.length < MAX_WARNINGS) warnings.push({ row, ...issue(t, column, null, cell), severity: 'warning' });
  };
  try {
    let scanned = 0;
    for await (const r of readRows(file, format, encoding)) {
      if (!headers.length) {
        headers = headerKeys(r.cells);
        r.cells.forEach((c, i) => look(r.row, headers[i] ?? null, c));
        continue;
      }
      if (rows.length < SHOW) rows.push(headers.map((_, i) => cut(r.cells[i] ?? '', 200)));
      r.cells.forEach((c, i) => look(r.row, headers[i] ?? null, c.length > 10_000 ? '' : c));
      if (++scanned >= SCAN) break;
    }
  } catch (e) {
    if (!(e instanceof SheetError)) throw e;
    warnings.push({ row: e.row ?? 0, ...issue('row_unreadable', null, null, e.message), severity: 'warning' });
  }
  const suggestedMapping = suggestMapping(headers, extra);
  const known = template ? headers.filter((h) => h in template.mapping) : [];
  for (const h of known) suggestedMapping[h] = template!.mapping[h] ?? null;
  return {
    headers, rows, suggestedMapping, fromTemplate: known.length > 0, keepCodes: template?.keep_codes ?? false,
    fields: fieldList(extra), encoding, detectedEncoding, warnings,
  };
}
