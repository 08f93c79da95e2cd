import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { PrintClassQuery, SchemeBody } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import type { RecordsTable } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { filtered, scoped } from '../catalogue/record.query.ts';
import { assertFondsVisible, type CatalogueScope } from '../fonds/fonds.policy.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';

export type RecordRow = Selectable<RecordsTable>;
type ClassQuery = z.infer<typeof PrintClassQuery>;

/** What every printed form of one class shows in its headings. */
export interface PrintClass {
  query: ClassQuery;
  fonds: { code: string; name: string; agency: string };
  category: { id: string; code: string; name: string; mode: 'item' | 'volume' };
  /** 机构(问题) name from the scheme's orgs ('' when the class spans every 机构). */
  orgName: string;
  /** 件号 (or 案卷号) width in the 档号, for 起止件号. */
  unitPad: number;
  /** 件 for 文书 by item, 卷 for classes arranged by volume. */
  unit: '件' | '卷';
}

/** The class a print request names, if the actor may see its fonds (404 otherwise, like records.list). */
export async function resolveClass(db: Conn, q: ClassQuery, scope: CatalogueScope): Promise<PrintClass> {
  const c = await findCategory(db, q.categoryId);
  if (!c) throw notFound();
  assertFondsVisible(scope, c.fonds_code);
  const f = await db.selectFrom('fonds').select(['code', 'name', 'agency']).where('id', '=', c.fonds_id).executeTakeFirstOrThrow();
  const body = (await currentScheme(db, c.id))?.body as SchemeBody | undefined;
  const unitField = c.mode === 'volume' ? 'volumeNo' : 'itemNo';
  const orgName = q.orgCode ? (body?.orgs.find((o) => o.code === q.orgCode)?.name ?? q.orgCode) : '';
  return {
    query: q, fonds: f, category: { id: c.id, code: c.code, name: c.name, mode: c.mode }, orgName,
    unitPad: body?.codeRule.find((e) => e.field === unitField)?.pad || (c.mode === 'volume' ? 3 : 4),
    unit: c.mode === 'volume' ? '卷' : '件',
  };
}

const PAGE = 500;

/**
 * The class's top-level records the actor may see, in 档号 order, fetched in keyset pages so a class of
 * any size streams through in constant memory.
 */
export async function* classRows(db: Conn, scope: CatalogueScope, q: ClassQuery, pageSize = PAGE): AsyncGenerator<RecordRow> {
  let after: [string, string, number, string] | undefined;
  for (;;) {
    let sel = filtered(scoped(db.selectFrom('records'), scope), { categoryId: q.categoryId, year: q.year, retention: q.retention, orgCode: q.orgCode, status: q.status })
      .where('records.parent_id', 'is', null).selectAll('records');
    if (after) {
      const [org, cat, seq, id] = after;
      sel = sel.where((eb) => eb(eb.refTuple('records.org_code', 'records.catalogue_no', 'records.seq_no', 'records.id'), '>', eb.tuple(org, cat, seq, id)));
    }
    const rows = await sel.orderBy('records.org_code').orderBy('records.catalogue_no').orderBy('records.seq_no').orderBy('records.id').limit(pageSize).execute();
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = [last.org_code, last.catalogue_no, last.seq_no, last.id];
  }
}

/** A 卷 the actor may see (fonds scope and 密级) with its fonds, else 404. */
export async function visibleVolume(db: Conn, id: string, scope: CatalogueScope) {
  const r = await scoped(db.selectFrom('records'), scope).innerJoin('fonds', 'fonds.id', 'records.fonds_id')
    .selectAll('records').select(['fonds.code as fonds_code', 'fonds.name as fonds_name']).where('records.id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
  assertFondsVisible(scope, r.fonds_code);
  return r;
}

/** A 卷's 件 the actor may see, in 件号 order (a 卷 holds at most a few hundred). */
export const volumeItems = (db: Conn, volumeId: string, scope: CatalogueScope) =>
  scoped(db.selectFrom('records'), scope).where('records.parent_id', '=', volumeId).selectAll('records').orderBy('records.seq_no').orderBy('records.id').execute();

/** Items grouped into boxes of perBox, in 档号 order: the first and last 件号, count and page total per box. */
export interface Box { no: number; first: number; last: number; count: number; pages: number; pagesKnown: boolean }
export async function classBoxes(db: Conn, scope: CatalogueScope, q: ClassQuery & { perBox: number; startBox: number }): Promise<Box[]> {
  const boxes: Box[] = [];
  let cur: Box | undefined;
  for await (const r of classRows(db, scope, q)) {
    if (!cur || cur.count === q.perBox) boxes.push((cur = { no: q.startBox + boxes.length, first: r.seq_no, last: r.seq_no, count: 0, pages: 0, pagesKnown: true }));
    cur.last = r.seq_no;
    cur.count++;
    if (r.pages === null) cur.pagesKnown = false;
    else cur.pages += r.pages;
  }
  return boxes;
}
