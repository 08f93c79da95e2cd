import path from 'node:path';
import { sql } from 'kysely';
import type { Clearance, ExtraField, ImportEncoding, ImportMapping, SchemeBody } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';
import { headerKeys, readRows, SheetError } from './import.parse.ts';
import { issue } from './import.messages.ts';
import type { ImportRow } from './import.repository.ts';
import { checkRow, rowContext, type RowIssue, type RowResult } from './import.row.ts';
import { flat } from './xlsx.reader.ts';

/** A problem that stops the whole pass: the commit rolls back, the validation ends. */
export class RowFailure extends Error {
  constructor(readonly row: number, readonly issue: RowIssue) { super(`row ${row}: ${issue.en}`); }
}

export const importFile = (dataDir: string, id: string) => path.join(dataDir, 'imports', id);

/** Targets that must have a column of the file: 题名, 保管期限, and 年度 (or 日期, which gives the 年度). */
function unmapped(targets: Set<string>, keepCodes: boolean): string | undefined {
  const t = targets;
  if (!t.has('title')) return '题名 title';
  if (!t.has('retention')) return '保管期限 retention';
  if (!t.has('year') && !t.has('docDate')) return '年度 year';
  if (keepCodes && !t.has('archivalCode')) return '档号 archivalCode';
  return undefined;
}

/**
 * One pass over an import's file with the category's current scheme: every data row converted and checked,
 * including 档号 repeated within the file (when codes are kept). Validation and commit share it, so the
 * commit re-checks exactly what validation checked.
 */
export async function openPass(conn: Conn, dataDir: string, imp: ImportRow, securities: Clearance[]) {
  const c = await findCategory(conn, imp.category_id);
  const s = await currentScheme(conn, imp.category_id);
  if (!c || !s) throw new RowFailure(0, issue('bad_value', null, null, 'no approved scheme / 该门类没有已批准的分类方案'));
  const scheme = s.body as SchemeBody;
  const t = { categoryId: c.id, categoryCode: c.code, fondsCode: c.fonds_code, scheme };
  const mapping = (imp.mapping ?? {}) as ImportMapping;

  async function* rows(onProgress?: (fraction: number) => void): AsyncGenerator<{ row: number; result: RowResult }> {
    const it = readRows(importFile(dataDir, imp.id), imp.format, imp.encoding as ImportEncoding, onProgress);
    try {
      const head = await it.next();
      if (head.done) throw new RowFailure(1, issue('no_rows', null, null, ''));
      const headers = headerKeys(head.value.cells);
      const ctx = rowContext({
        t, extra: c!.extra_fields as ExtraField[], encoding: imp.encoding as ImportEncoding, keepCodes: imp.keep_codes,
        allowSuspectText: imp.allow_suspect_text, securities, headers, mapping,
      });
      const missing = unmapped(new Set(ctx.plan.map((p) => p.target)), imp.keep_codes);
      if (missing) throw new RowFailure(1, issue('column_unmapped', null, null, missing));
      const codeColumn = ctx.plan.find((p) => p.target === 'archivalCode')?.header ?? null;
      const seen = new Map<string, number>();
      for await (const r of it) {
        const result = checkRow(r.cells, ctx);
        if (result.code && result.seqNo !== undefined) {
          const first = seen.get(result.code);
          if (first !== undefined) result.issues.push(issue('duplicate_code', codeColumn, 'archivalCode', result.code, String(first)));
          else seen.set(flat(result.code), r.row);
        }
        yield { row: r.row, result };
      }
    } catch (e) {
      if (e instanceof SheetError) throw new RowFailure(e.row ?? 0, issue('row_unreadable', null, null, e.message));
      throw e;
    }
  }
  return { category: c, scheme: s, target: t, rows };
}

/** Which of these 档号 the fonds already has. */
export async function existingCodes(conn: Conn, fondsId: string, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const r = await sql<{ archival_code: string }>`select archival_code from records where fonds_id = ${fondsId} and archival_code = any(${codes}::text[])`.execute(conn);
  return new Set(r.rows.map((x) => x.archival_code));
}

/** Held by a running validation or commit until its transaction ends (a crash releases it). */
export async function lockImport(tx: Conn, id: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`import:${id}`}))`.execute(tx);
}

/** True when no validation or commit of this import is running (e.g. its process was killed). */
export async function importIdle(db: Conn, id: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`import:${id}`})) as ok`.execute(db);
  return r.rows[0]!.ok;
}
