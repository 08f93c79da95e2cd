import { sql, type SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import { CLEARANCE_ORDER, type RecordQuery, type SchemeBody } from '@lantai/api';
import type { Db, Conn } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import { notFound } from '../../http/errors.ts';
import type { RequestCtx } from '../auth/index.ts';
import { assertFondsVisible, catalogueScope, type CatalogueScope } from '../fonds/fonds.policy.ts';
import { currentScheme, findCategory } from '../scheme/scheme.repository.ts';
import { afterCursor, cursorValue, encodeCursor, readCursor, sortExpr } from './record.cursor.ts';
import { presentRecord } from './record.presenter.ts';
import { textCandidates } from './record.text-filter.ts';
import type { Candidates, ClassKey, ClassSignatures } from './class-sig.store.ts';
import { classScanPage, type Range } from './record.class-scan.ts';

type Q = z.infer<typeof RecordQuery>;
/**
 * Past this many matches a total is reported as "more than" (see total()). Counting is a scan of the matching rows
 * (1,000 matches of a 1-in-6 substring filter ≈ 6,000 rows), so the cap bounds what a page of a filtered table
 * costs: at 10,000 the count took 250 ms of a 1 ms page (docs/BENCHMARKS.md). The table pages on past it by cursor.
 */
export const COUNT_CAP = 1_000;

/** Scope and 密级 go into the WHERE clause, so counts and pages never include what the actor may not see. */
export function scoped<O>(q: SelectQueryBuilder<DB, 'records', O>, scope: CatalogueScope) {
  // With every level allowed the 密级 condition is dropped: it would only stop the planner using the sort indexes.
  let out = scope.securities.length === CLEARANCE_ORDER.length ? q : q.where('records.security', 'in', scope.securities);
  if (scope.fondsCodes) {
    const codes = scope.fondsCodes.length ? scope.fondsCodes : [''];
    out = out.where('records.fonds_id', 'in', (eb) => eb.selectFrom('fonds').select('id').where('code', 'in', codes));
  }
  return out;
}

/** The q filter's pattern, and its operator: ILIKE lower-cases every row's text before matching (slow on multi-byte
 * UTF-8); a q without cased letters (Chinese, digits, 〔〕) matches exactly the same rows with the byte-wise LIKE. */
export function likeOf(q: string) {
  return { op: q.toLowerCase() === q.toUpperCase() ? 'like' as const : 'ilike' as const, like: `%${q.replace(/[%_\\]/g, '\\$&')}%` };
}

/** `candidates`: what record.text-filter.ts found for f.q in the search index (null: the LIKE alone decides). */
export function filtered<O>(q: SelectQueryBuilder<DB, 'records', O>, f: Partial<Q>, candidates: string[] | null = null) {
  let out = q;
  if (f.fondsId) out = out.where('records.fonds_id', '=', f.fondsId);
  if (f.categoryId) out = out.where('records.category_id', '=', f.categoryId);
  if (f.parentId) out = out.where('records.parent_id', '=', f.parentId);
  else if (f.level === 'top') out = out.where('records.parent_id', 'is', null);
  if (f.year !== undefined) out = out.where('records.year', '=', f.year);
  if (f.retention) out = out.where('records.retention', '=', f.retention);
  if (f.orgCode !== undefined) out = out.where('records.org_code', '=', f.orgCode);
  if (f.status) out = out.where('records.status', '=', f.status);
  if (f.security) out = out.where('records.security', '=', f.security);
  if (f.openStatus) out = out.where('records.open_status', '=', f.openStatus);
  if (f.q) {
    const { op, like } = likeOf(f.q);
    out = out.where((eb) => eb.or([eb('records.title', op, like), eb('records.archival_code', op, like), eb('records.doc_number', op, like), eb('records.responsible', op, like)]));
    if (candidates) out = out.where(sql<boolean>`records.id = any(${candidates}::uuid[])`);
  }
  return out;
}

const inRanges = (rs: Range[]) => sql<boolean>`(${sql.join(rs.map((r) => sql`records.archival_code between ${r.lo} and ${r.hi}`), sql` or `)})`;

/**
 * `signatures`: the class signatures that let a q filter skip classes; `narrow`: how a q is first narrowed to record
 * ids through the search index (tests pass one that never can, to reach the class path with few records).
 */
export function createRecordQueries({ db, signatures, narrow = textCandidates }: { db: Db; signatures?: ClassSignatures; narrow?: typeof textCandidates }) {
  /** For a first or cursor page in 档号 order: the classes (and blocks) that may hold f.q, when the index could not narrow it to records. */
  async function classesFor(f: Q, hits: string[] | null): Promise<Candidates | null> {
    if (!f.q || hits || !f.categoryId || !signatures || f.sort !== 'archivalCode' || f.offset) return null;
    const c = await signatures.candidates(f.categoryId, f.q);
    return c && { ...c, classes: c.classes.filter((k) => (f.year === undefined || k.year === f.year) && (!f.retention || k.retention === f.retention) && (f.orgCode === undefined || k.orgCode === f.orgCode)) };
  }
  /** The class of the row a cursor names (null: gone, or not in this 门类). */
  async function cursorClass(categoryId: string, id: string): Promise<ClassKey | null> {
    const r = await db.selectFrom('records').select(['year', 'retention', 'org_code']).where('id', '=', id).where('category_id', '=', categoryId).executeTakeFirst();
    return r ? { year: r.year, retention: r.retention, orgCode: r.org_code } : null;
  }

  async function list(f: Q, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const hits = f.q ? await narrow(db, f.q) : null;
    const base = filtered(scoped(db.selectFrom('records'), scope), f, hits);
    // The count does not wait for the class signatures (for a frequent q it is the longer of the two).
    const counting = total(f, scope, base);
    counting.catch(() => undefined);
    const classes = await classesFor(f, hits);
    // Keyset (after a cursor) when the client has one, else OFFSET (page numbers; fine for the first pages).
    const ordered = <O>(q: SelectQueryBuilder<DB, 'records', O>) => q.orderBy(sortExpr(f.sort), f.order).orderBy('records.id', f.order);
    const after = f.after ? afterCursor(f.after, f.sort, f.order) : null;
    const withKey = <O>(q: SelectQueryBuilder<DB, 'records', O>) => q.selectAll('records').select(cursorValue(f.sort).as('sort_key'));
    let page;
    if (after) page = ordered(base.where(after)).limit(f.limit + 1);
    else if (!f.offset) page = ordered(base).limit(f.limit + 1);
    else {
      // A deep page by OFFSET skips its rows in the sort index alone (an index-only scan where the filters are index
      // columns: the whole 门类 by 档号 or 题名) and reads only the page's rows from the table; skipping whole rows
      // visited 20,000 heap tuples for page 400.
      const ids = ordered(base.select('records.id')).offset(f.offset).limit(f.limit + 1);
      page = ordered(db.selectFrom('records').where('records.id', 'in', ids));
    }
    // A q filter in 档号 order reads only the blocks and classes that may hold it, in order (record.class-scan.ts).
    const cur = f.after ? readCursor(f.after, f.sort, f.order) : null;
    const byClass = async () => (classes ? await classScanPage(db, {
      categoryId: f.categoryId!, classes: classes.classes, rankOf: classes.rankOf, may: classes.may, order: f.order, cursor: cur?.value ?? null, need: f.limit + 1,
      cursorClass: cur && classes.rankOf ? await cursorClass(f.categoryId!, cur.id) : null,
      fetch: (rs, n) => withKey(ordered(after ? base.where(inRanges(rs)).where(after) : base.where(inRanges(rs)))).limit(n).execute(),
    }) : null);
    const [rows, count] = await Promise.all([byClass().then((r) => r ?? withKey(page).execute()), counting]);
    // One row more than asked says whether a next page exists.
    const last = rows.length > f.limit ? rows[f.limit - 1] : undefined;
    return {
      items: rows.slice(0, f.limit).map(({ sort_key: _k, ...r }) => presentRecord(r)), total: count.total, totalCapped: count.capped, offset: f.offset, limit: f.limit,
      nextCursor: last ? encodeCursor(f.sort, f.order, last.sort_key, last.id) : null,
    };
  }

  /**
   * The size of a result without counting a million rows: a 门类 filtered only by class fields is summed from
   * record_class_counts (exact); a q that whole classes' 档号 hold past COUNT_CAP is "more than" from the class
   * signatures' rows; anything else is counted up to COUNT_CAP rows and then reported as "more than".
   */
  async function total(f: Q, scope: CatalogueScope, base: SelectQueryBuilder<DB, 'records', object>) {
    const classOnly = f.categoryId && !f.fondsId && !f.parentId && !f.status && !f.security && !f.openStatus;
    // Asked only where the answer matters (at most once: the two uses below exclude each other by q).
    const itemMode = async () => (await db.selectFrom('categories').select('mode').where('id', '=', f.categoryId!).executeTakeFirst())?.mode === 'item';
    // A frequent q inside whole classes' 档号 (a year) is over the cap without a scan, where the class rows count
    // exactly the records the filter sees: all 密级 and fonds visible, and no 件 inside a 卷 left out by level=top.
    const wholeFit = classOnly && f.q && signatures && scope.securities.length === CLEARANCE_ORDER.length && !scope.fondsCodes && (f.level === 'all' || await itemMode());
    if (wholeFit) {
      const { op, like } = likeOf(f.q!);
      if (await signatures.sureMatches(f.categoryId!, op, like, f) > COUNT_CAP) return { total: COUNT_CAP, capped: true };
    }
    // The counts table holds top-level records; it answers for "all" too where a 门类 has no 卷 (件 mode).
    if (classOnly && !f.q && (f.level === 'top' || await itemMode())) {
      let q = db.selectFrom('record_class_counts').select((eb) => eb.fn.sum<number>('n').as('n')).where('category_id', '=', f.categoryId!)
        .where('security', 'in', scope.securities);
      if (f.year !== undefined) q = q.where('year', '=', f.year);
      if (f.retention) q = q.where('retention', '=', f.retention);
      if (f.orgCode !== undefined) q = q.where('org_code', '=', f.orgCode);
      return { total: Number((await q.executeTakeFirst())?.n ?? 0), capped: false };
    }
    const r = await db.selectFrom(base.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1).as('capped'))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const n = Number(r.n);
    return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
  }

  /** Counts per lowest class (one GROUP BY over the browse index); the client nests them. */
  async function tree(categoryId: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const c = await findCategory(db, categoryId);
    if (!c) throw notFound();
    assertFondsVisible(scope, c.fonds_code);
    const s = await currentScheme(db, categoryId);
    const body = s?.body as SchemeBody | undefined;
    const groups = await db.selectFrom('record_class_counts').where('category_id', '=', categoryId).where('security', 'in', scope.securities)
      .select(['year', 'retention', 'org_code', (eb) => eb.fn.sum<number>('n').as('n')])
      .groupBy(['year', 'retention', 'org_code']).having((eb) => eb.fn.sum('n'), '>', 0).orderBy('year', 'desc').orderBy('retention').orderBy('org_code').execute();
    return {
      classOrder: body?.classOrder ?? ['year', 'retention', 'org'],
      orgs: body?.orgs ?? [],
      groups: groups.map((g) => ({ year: g.year, retention: g.retention as 'Y', orgCode: g.org_code, count: Number(g.n) })),
    };
  }

  return { list, tree };
}

/** Records of one class in 档号 order, for renumbering and printing. */
export const classMembers = (db: Conn, counterKey: string) =>
  db.selectFrom('records').selectAll().where('counter_key', '=', counterKey).orderBy('seq_no').execute();
export { sql };
