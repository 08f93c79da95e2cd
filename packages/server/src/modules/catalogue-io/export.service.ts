import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { sql, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { ExtraField, RecordExportQuery } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { RecordsTable } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { assertFondsVisible, catalogueScope } from '../fonds/fonds.policy.ts';
import { filtered, scoped } from '../catalogue/record.query.ts';
import { textCandidates } from '../catalogue/record.text-filter.ts';
import { findCategory } from '../scheme/scheme.repository.ts';

type Row = Selectable<RecordsTable> & { fonds_code: string; category_code: string };
type Cell = string | number | null;
const PAGE = 2000;
const RETENTION: Record<string, string> = { Y: '永久', D30: '定期30年', D10: '定期10年', C: '长期', D: '短期' };
const SECURITY: Record<string, string> = { public: '公开', internal: '内部', mimi: '秘密', jimi: '机密', juemi: '绝密' };
const OPEN: Record<string, string> = { unreviewed: '未审', open: '开放', controlled: '控制使用', deferred: '延期开放' };

/** The 目录 columns (DA/T 22 归档文件目录 plus the rest of the record), headed in Chinese so an import maps them back. */
const COLUMNS: [string, (r: Row) => Cell][] = [
  ['档号', (r) => r.archival_code], ['全宗号', (r) => r.fonds_code], ['门类代码', (r) => r.category_code], ['年度', (r) => r.year],
  ['保管期限', (r) => RETENTION[r.retention] ?? r.retention], ['机构(问题)', (r) => r.org_code], ['目录号', (r) => r.catalogue_no], ['件号', (r) => r.seq_no],
  ['题名', (r) => r.title], ['责任者', (r) => r.responsible], ['文号', (r) => r.doc_number], ['日期', (r) => r.doc_date],
  ['密级', (r) => SECURITY[r.security] ?? r.security], ['保密期限', (r) => r.secrecy_period], ['页数', (r) => r.pages],
  ['开放状态', (r) => OPEN[r.open_status] ?? r.open_status], ['主题词', (r) => r.subjects.join('；')], ['归档范围', (r) => r.scope_code],
  ['备注', (r) => r.remarks], ['状态', (r) => (r.status === 'archived' ? '已归档' : '草稿')],
];

/**
 * OWASP CSV injection: text a spreadsheet would evaluate (= + - @, tab, carriage return first) gets a leading
 * apostrophe, in csv and xlsx alike; numbers stay numbers.
 */
export const neutralise = (v: Cell): Cell => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function createExportService({ db }: { db: Db }) {
  /** Checks access and returns the file as a stream: pages of PAGE rows by keyset on (全宗, 档号), never an OFFSET. */
  async function open(q: z.infer<typeof RecordExportQuery>, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    let extra: ExtraField[] = [];
    if (q.categoryId) {
      const c = await findCategory(db, q.categoryId);
      if (!c) throw notFound();
      assertFondsVisible(scope, c.fonds_code);
      extra = c.extra_fields as ExtraField[];
    }
    const columns: [string, (r: Row) => Cell][] = [...COLUMNS, ...extra.map((x): [string, (r: Row) => Cell] => [x.label, (r) => (r.extra as Record<string, Cell>)[x.key] ?? null])];
    const { format: _f, ...filters } = q;
    await appendAudit(db, { ...actorAudit(ctx.actor), action: 'record.export', outcome: 'success', targetType: 'record', detail: { format: q.format, filters }, requestId: ctx.requestId, ip: ctx.ip });

    const candidates = filters.q ? await textCandidates(db, filters.q) : null;
    async function* pages(): AsyncGenerator<Cell[][]> {
      let after: { fonds: string; code: string } | undefined;
      for (;;) {
        let query = filtered(scoped(db.selectFrom('records'), scope), filters, candidates)
          .innerJoin('fonds', 'fonds.id', 'records.fonds_id').innerJoin('categories', 'categories.id', 'records.category_id')
          .selectAll('records').select(['fonds.code as fonds_code', 'categories.code as category_code']);
        if (after) query = query.where(sql<boolean>`(records.fonds_id, records.archival_code) > (${after.fonds}::uuid, ${after.code})`);
        const rows = (await query.orderBy('records.fonds_id').orderBy('records.archival_code').limit(PAGE).execute()) as Row[];
        if (!rows.length) return;
        yield rows.map((r) => columns.map(([, get]) => neutralise(get(r))));
        const last = rows[rows.length - 1]!;
        after = { fonds: last.fonds_id, code: last.archival_code };
        if (rows.length < PAGE) return;
      }
    }
    const headers = columns.map(([h]) => h);
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const filename = `档案目录-${stamp}.${q.format}`;
    if (q.format === 'csv') {
      const stream = Readable.from((async function* () {
        yield `\ufeff${stringify([headers])}`;
        for await (const rows of pages()) yield stringify(rows);
      })());
      return { stream, filename, contentType: 'text/csv; charset=utf-8' };
    }
    return { stream: xlsxStream(headers, pages()), filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }
  return { open };
}

/** exceljs's streaming writer into a pipe, waiting for the reader between pages so memory stays flat. */
function xlsxStream(headers: string[], pages: AsyncGenerator<Cell[][]>): Readable {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('档案目录');
  void (async () => {
    ws.addRow(headers).commit();
    for await (const rows of pages) {
      for (const r of rows) ws.addRow(r).commit();
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) return;
    }
    ws.commit();
    await wb.commit();
  })().catch((e: Error) => out.destroy(e));
  return out;
}
