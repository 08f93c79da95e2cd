import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../../http/errors.ts';

/**
 * Keyset paging for the record table. A cursor names the last row of a page by its sort value (as PostgreSQL
 * prints it, so timestamps keep their microseconds) and id; the next page is the rows after it in the same order:
 * `(sort column, id) > (value, id)`, an index range condition on the browse indexes (category_id, column, id), so
 * page 400 costs what page 1 does, where OFFSET 20,000 reads and drops 20,000 index entries first.
 */
export const SORT_COLUMN = { archivalCode: 'archival_code', docDate: 'doc_date', title: 'title', updatedAt: 'updated_at', year: 'year' } as const;
export type SortKey = keyof typeof SORT_COLUMN;
/**
 * What the table sorts by. 题名 sorts by its first 300 characters (then id): a B-tree entry holds at most 2,704 bytes
 * and a title may have 1,000 characters (3,000 bytes), so the index is on left(title, 300) (migration 0020).
 */
export const TITLE_PREFIX = 300;
export const sortExpr = (sort: SortKey): RawBuilder<unknown> =>
  sort === 'title' ? sql`left(records.title, ${sql.lit(TITLE_PREFIX)})` : sql.ref(`records.${SORT_COLUMN[sort]}`);
const SQL_TYPE: Record<SortKey, string> = { archivalCode: 'text', docDate: 'text', title: 'text', updatedAt: 'timestamptz', year: 'int' };

interface Cursor { s: SortKey; o: 'asc' | 'desc'; v: string; id: string }

export const encodeCursor = (sort: SortKey, order: 'asc' | 'desc', value: string, id: string) =>
  Buffer.from(JSON.stringify({ s: sort, o: order, v: value, id } satisfies Cursor)).toString('base64url');

/** What PostgreSQL's ::text of each sort column looks like, so a forged value is a 400, not a cast error. */
const VALUE: Record<SortKey, RegExp> = {
  archivalCode: /^[\s\S]{0,500}$/, docDate: /^\d{0,8}$/, title: /^[\s\S]{0,1000}$/, year: /^\d{1,4}$/,
  updatedAt: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sort value and id a cursor names; a cursor of another sort or order, or a forged one, is refused (400). */
export function readCursor(after: string, sort: SortKey, order: 'asc' | 'desc'): { value: string; id: string } {
  let c: Partial<Cursor> = {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object') c = parsed as Partial<Cursor>;
  } catch {
    // not a cursor: refused below
  }
  if (c.s !== sort || c.o !== order || typeof c.v !== 'string' || typeof c.id !== 'string' || !UUID.test(c.id) || !VALUE[sort].test(c.v) || c.v.includes('\0')) {
    throw invalid([{ path: 'after', message: '翻页游标无效或与排序不符，请从第一页重新开始 / cursor invalid or for another sort' }]);
  }
  return { value: c.v, id: c.id };
}

/** The WHERE condition "after this cursor" (refused as readCursor refuses). */
export function afterCursor(after: string, sort: SortKey, order: 'asc' | 'desc'): RawBuilder<boolean> {
  const c = readCursor(after, sort, order);
  const op = sql.raw(order === 'asc' ? '>' : '<');
  return sql<boolean>`(${sortExpr(sort)}, records.id) ${op} (cast(${c.value} as ${sql.raw(SQL_TYPE[sort])}), cast(${c.id} as uuid))`;
}

/** The sort value of a row as the cursor keeps it (text, full precision). */
export const cursorValue = (sort: SortKey) => sql<string>`${sortExpr(sort)}::text`;
