import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { passing, type BlockRange, type ClassKey, type ScanClass } from './class-sig.store.ts';

/** Blocks read by one query (their rows are visited, sorted and cut to the page). */
const BATCH = 32;

/** A 档号 range to read: a block, or a whole dirty class (read in order until the page is full). */
export interface Range { lo: string; hi: string; whole: boolean }

/**
 * A q-filtered page of one 门类 in 档号 order, read through only the blocks whose signature may hold q and the dirty
 * classes (class-sig.store.ts), instead of one ordered scan that reads every row before the first matches: a year
 * typed alone, matching a few titles in most classes and every record of its own year, read ≈ 200,000 rows of
 * 1,000,000 for a page.
 *
 * The classes are put in the page's order by their 档号 ranges (in the database's collation) and read one after
 * another, each class's blocks in block order (each block is a run of the class in 档号 order, cut when the class was
 * last rebuilt), so this is exact only when class ranges do not interleave: the query below checks that (it holds
 * wherever the 档号 rule puts the class elements before the 件号, as the shipped schemes do), and null sends the
 * caller back to the ordered scan. A block keeps its range as of its class's version (any insert, delete or 档号
 * change makes the class dirty); a dirty class's range is read from the browse index.
 * `cursor`: the 档号 of the row the page goes on after (classes wholly before it are skipped). `fetch` reads up to n
 * matching rows within the given ranges in the page's order (applying the cursor itself).
 */
export async function classScanPage<R>(db: Db, p: {
  categoryId: string; classes: ScanClass[]; order: 'asc' | 'desc'; cursor: string | null; need: number;
  fetch: (ranges: Range[], n: number) => Promise<R[]>;
  /** When every class is clean and their order is known (classes sorted by it): each one's place, and the cursor row's class. */
  rankOf?: (k: ClassKey) => number | undefined; cursorClass?: ClassKey | null;
  /** Whether a block may hold q (tested in page order with rankOf, else all before the query). */
  may: (b: BlockRange) => boolean;
}): Promise<R[] | null> {
  if (!p.classes.length) return [];
  const asc = p.order === 'asc';
  const at = p.cursor === null ? undefined : p.cursorClass ? p.rankOf?.(p.cursorClass) : undefined;
  if (p.rankOf && (p.cursor === null || at !== undefined)) {
    // Known order: no query; classes wholly before the cursor row's class are skipped (ranges do not interleave).
    const inOrder = (asc ? p.classes : [...p.classes].reverse()).filter((c) => at === undefined || (asc ? p.rankOf!(c)! >= at : p.rankOf!(c)! <= at));
    return readRanges((function* () {
      for (const c of inOrder) for (const k of asc ? c.blocks! : [...c.blocks!].reverse()) if (p.may(k)) yield { lo: k.lo, hi: k.hi, whole: false };
    })(), p);
  }
  const live = (dir: 'asc' | 'desc') => sql`(select r.archival_code from records r where r.category_id = ${p.categoryId}::uuid and r.year = k.year
    and r.retention = k.retention and r.org_code = k.org_code order by r.archival_code ${sql.raw(dir)} limit 1)`;
  const classes = passing(p);
  if (!classes.length) return [];
  const keys = sql.join(classes.map((c, i) => sql`(${i}::int, ${c.year}::int, ${c.retention}::text, ${c.orgCode}::text,
    ${c.blocks?.[0]?.lo ?? null}::text, ${c.blocks?.[c.blocks.length - 1]?.hi ?? null}::text)`));
  const bounds = await sql<{ i: number; lo: string; hi: string; apart: boolean | null }>`
    with k(i, year, retention, org_code, lo, hi) as (values ${keys}),
    b as (select i, coalesce(lo, ${live('asc')}) lo, coalesce(hi, ${live('desc')}) hi from k)
    select i, lo, hi, ${asc ? sql`lag(hi) over (order by lo) < lo` : sql`lag(lo) over (order by hi desc) > hi`} apart
    from b where lo is not null ${p.cursor === null ? sql`` : asc ? sql`and hi >= ${p.cursor}` : sql`and lo <= ${p.cursor}`}
    order by ${asc ? sql`lo` : sql`hi desc`}`.execute(db);
  if (bounds.rows.some((b) => b.apart === false)) return null;
  // The page's ranges in order: a dirty class whole, a clean class's blocks that passed.
  const ranges: Range[] = [];
  for (const b of bounds.rows) {
    const blocks = classes[b.i]!.blocks;
    if (!blocks) ranges.push({ lo: b.lo, hi: b.hi, whole: true });
    else for (const k of asc ? blocks : [...blocks].reverse()) ranges.push({ lo: k.lo, hi: k.hi, whole: false });
  }
  return readRanges(ranges[Symbol.iterator](), p);
}

/** Reads ranges in order until the page is full: runs of blocks (8, then 16, then BATCH a query), a dirty class alone. */
async function readRanges<R>(ranges: Iterator<Range>, p: { need: number; fetch: (ranges: Range[], n: number) => Promise<R[]> }): Promise<R[]> {
  const out: R[] = [];
  let size = 8;
  let next = ranges.next();
  while (!next.done && out.length < p.need) {
    const run = [next.value];
    next = ranges.next();
    if (!run[0]!.whole) while (!next.done && run.length < size && !next.value.whole) { run.push(next.value); next = ranges.next(); }
    out.push(...(await p.fetch(run, p.need - out.length)));
    size = Math.min(BATCH, size * 2);
  }
  return out;
}
