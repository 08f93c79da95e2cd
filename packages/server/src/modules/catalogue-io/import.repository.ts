import type { Selectable } from 'kysely';
import type { ImportMapping, ImportRowIssue, ImportView } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import type { ImportsTable } from '../../platform/db/schema.ts';

export type ImportRow = Selectable<ImportsTable>;
/** Row problems kept per import; beyond this they are only counted. */
export const MAX_STORED_ISSUES = 10_000;

export const findImport = (db: Conn, id: string) => db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();

export function presentImport(r: ImportRow): ImportView {
  return {
    id: r.id, fondsId: r.fonds_id, categoryId: r.category_id, filename: r.filename, format: r.format, size: Number(r.size), encoding: r.encoding,
    detectedEncoding: r.detected_encoding, status: r.status, mapping: r.mapping as ImportMapping | null, keepCodes: r.keep_codes,
    allowSuspectText: r.allow_suspect_text, totalRows: r.total_rows, errorRows: r.error_rows, errorCount: r.error_count, warningCount: r.warning_count,
    committedRows: r.committed_rows, validateJobId: r.validate_job_id, commitJobId: r.commit_job_id, failure: (r.failure as ImportRowIssue | null) ?? null,
    createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

export async function setImport(db: Conn, id: string, set: Partial<Omit<ImportRow, 'mapping' | 'failure'>> & { mapping?: string | null; failure?: string | null }) {
  return db.updateTable('imports').set({ ...set, updated_at: new Date() } as never).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/**
 * Collects row problems for one import: stores the first MAX_STORED_ISSUES (in batches), counts all of
 * them, and the rows that have at least one error.
 */
export function issueSink(db: Conn, importId: string) {
  let seq = 0, errors = 0, warnings = 0, errorRows = 0;
  let pending: ImportRowIssue[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const rows = pending.map((i) => ({
      import_id: importId, seq: ++seq, row_no: i.row, col: i.column, field: i.field, code: i.code, severity: i.severity,
      message_zh: i.zh, message_en: i.en, value: i.value,
    }));
    pending = [];
    await db.insertInto('import_errors').values(rows).execute();
  };
  return {
    async add(row: number, issues: Omit<ImportRowIssue, 'row'>[]) {
      let rowHasError = false;
      for (const i of issues) {
        if (i.severity === 'error') { errors++; rowHasError = true; } else warnings++;
        if (seq + pending.length < MAX_STORED_ISSUES) pending.push({ ...i, row });
      }
      if (rowHasError) errorRows++;
      if (pending.length >= 500) await flush();
    },
    flush,
    counts: () => ({ error_count: errors, warning_count: warnings, error_rows: errorRows }),
  };
}

export async function pageIssues(db: Conn, importId: string, q: { offset: number; limit: number; severity?: 'error' | 'warning' }) {
  let base = db.selectFrom('import_errors').where('import_id', '=', importId);
  if (q.severity) base = base.where('severity', '=', q.severity);
  const [rows, n] = await Promise.all([
    base.selectAll().orderBy('row_no').orderBy('seq').offset(q.offset).limit(q.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((r): ImportRowIssue => ({ row: r.row_no, column: r.col, field: r.field, code: r.code, severity: r.severity, zh: r.message_zh, en: r.message_en, value: r.value }));
  return { items, total: Number(n.n), offset: q.offset, limit: q.limit };
}

export const findTemplate = (db: Conn, categoryId: string) =>
  db.selectFrom('import_templates').selectAll().where('category_id', '=', categoryId).executeTakeFirst();

export async function saveTemplate(db: Conn, categoryId: string, mapping: ImportMapping, keepCodes: boolean, by: string) {
  const row = { category_id: categoryId, mapping: JSON.stringify(mapping), keep_codes: keepCodes, updated_by: by, updated_at: new Date() };
  const r = await db.insertInto('import_templates').values(row)
    .onConflict((oc) => oc.column('category_id').doUpdateSet({ mapping: row.mapping, keep_codes: keepCodes, updated_by: by, updated_at: row.updated_at }))
    .returningAll().executeTakeFirstOrThrow();
  return presentTemplate(r);
}

export const presentTemplate = (r: { category_id: string; mapping: Record<string, string | null>; keep_codes: boolean; updated_by: string; updated_at: Date }) =>
  ({ categoryId: r.category_id, mapping: r.mapping, keepCodes: r.keep_codes, updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString() });
