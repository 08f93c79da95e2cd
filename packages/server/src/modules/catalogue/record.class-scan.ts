import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { ClassKey } from './class-sig.store.ts';

/** Past this many candidate classes the plain ordered scan is used. */
export const CLASS_SCAN_MAX = 256;

/**
 * A q-filtered page of one 门类 in 档号 order, read class by class through only the classes whose signature may hold
 * q (class-sig.store.ts), instead of one ordered scan that reads every row before the first matches: a term found in
 * a third of the classes read 19,000 rows of other classes first at 1,000,000 records.
 *
 * The classes are put in the page's order by their 档号 range, and read one after another, so this is exact only
 * when the ranges do not interleave: the query below checks that (it holds wherever the 档号 rule puts the class
 * elements before the 件号, as the shipped schemes do), and null sends the caller back to the ordered scan. A clean
 * signature keeps its class's range as of its rebuild (a superset since: any insert or 档号 change makes the class
 * dirty, a delete only narrows it); a dirty class's range is read from the browse index. `cursor`: the 档号 of the
 * row the page goes on after (classes wholly before it are skipped; `fetch` applies the exact condition). `fetch`
 * reads up to n matching rows of one class in the page's order.
 */
export async function classScanPage<R>(db: Db, p: {
  categoryId: string; classes: ClassKey[]; order: 'asc' | 'desc'; cursor: string | null; need: number;
  fetch: (c: ClassKey, n: number) => Promise<R[]>;
}): Promise<R[] | null> {
  if (!p.classes.length) return [];
  if (p.classes.length > CLASS_SCAN_MAX) return null;
  const asc = p.order === 'asc';
  const live = (dir: 'asc' | 'desc') => sql`(select r.archival_code from records r where r.category_id = ${p.categoryId}::uuid and r.year = k.year
    and r.retention = k.retention and r.org_code = k.org_code order by r.archival_code ${sql.raw(dir)} limit 1)`;
  const keys = sql.join(p.classes.map((c) => sql`(${c.year}::int, ${c.retention}::text, ${c.orgCode}::text)`));
  const bounds = await sql<{ year: number; retention: string; org_code: string; apart: boolean | null }>`
    with k(year, retention, org_code) as (values ${keys}),
    b as (select k.*,
      case when s.dirty is false then s.min_code else ${live('asc')} end lo,
      case when s.dirty is false then s.max_code else ${live('desc')} end hi
      from k left join record_class_sigs s on s.category_id = ${p.categoryId}::uuid and s.year = k.year and s.retention = k.retention and s.org_code = k.org_code)
    select year, retention, org_code, ${asc ? sql`lag(hi) over (order by lo) < lo` : sql`lag(lo) over (order by hi desc) > hi`} apart
    from b where lo is not null ${p.cursor === null ? sql`` : asc ? sql`and hi >= ${p.cursor}` : sql`and lo <= ${p.cursor}`}
    order by ${asc ? sql`lo` : sql`hi desc`}`.execute(db);
  if (bounds.rows.some((b) => b.apart === false)) return null;
  const out: R[] = [];
  for (const b of bounds.rows) {
    out.push(...(await p.fetch({ year: b.year, retention: b.retention, orgCode: b.org_code }, p.need - out.length)));
    if (out.length >= p.need) break;
  }
  return out;
}
