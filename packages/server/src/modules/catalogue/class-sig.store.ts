import { sql, type Insertable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { createPoller } from '../../platform/jobs/poller.ts';
import type { DB } from '../../platform/db/schema.ts';
import { buildBloom, hashPieces, mayHoldAll, piecesOf, queryPieces, type Bloom } from './class-sig.bloom.ts';
import { createClassOrder } from './class-sig.order.ts';

/** A lowest class: 门类 + 年度 + 保管期限 + 机构. */
export interface ClassKey { year: number; retention: string; orgCode: string }
/** A block of a clean class: its number, 档号 range and filter as of its class's version. */
export interface BlockRange { no: number; lo: string; hi: string; bloom: Bloom }
/** One class to read: its blocks, or the whole class (`blocks` null: dirty). */
export type ScanClass = ClassKey & { blocks: BlockRange[] | null };
/**
 * The candidates of a q: every class with all its blocks (a dirty one whole), and `may`, whether a block's filter may
 * hold q. The reader tests blocks in page order and stops when the page is full (testing all 15,000 filters of
 * 1,000,000 records up front took ≈ 15 ms of cache misses). `rankOf`, when every class is clean: each class's place
 * in 档号 order (classes sorted by it). `blocks`: how many blocks there are.
 */
export interface Candidates { classes: ScanClass[]; blocks: number; may: (b: BlockRange) => boolean; rankOf?: (k: ClassKey) => number | undefined }
/** The classes that may hold q: dirty ones, and clean ones with the blocks that pass (every block tested now). */
export const passing = (c: Pick<Candidates, 'classes' | 'may'>): ScanClass[] =>
  c.classes.flatMap((k) => { if (!k.blocks) return [k]; const b = k.blocks.filter(c.may); return b.length ? [{ ...k, blocks: b }] : []; });
type Cached = { version: string; blocks: BlockRange[] };
/** The longest prefix (whole characters) of all the strings. */
export function commonPrefix(xs: string[]): string {
  if (!xs.length) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  // A surrogate pair cut in half is not a character.
  return /[\ud800-\udbff]$/.test(p) ? p.slice(0, -1) : p;
}
/** Records per block: 64 rows are read in ≈ 0.15 ms, and the Bloom filters cost ≈ 60 bytes a record. */
export const BLOCK = 64;
const keyOf = (c: { year: number; retention: string; org_code: string }) => `${c.year}\u0001${c.retention}\u0001${c.org_code}`;
export const classKeyOf = (k: ClassKey) => keyOf({ year: k.year, retention: k.retention, org_code: k.orgCode });
const sameClass = (c: { category_id: string; year: number; retention: string; org_code: string }) => sql<boolean>`category_id = ${c.category_id}::uuid
  and year = ${c.year} and retention = ${c.retention} and org_code = ${c.org_code}`;

/**
 * The class signatures (migration 0023): rebuilt by the worker from the records of each dirty class, and read by the
 * record table through a per-process cache that fetches a class's blocks again only when its version moved. `block`:
 * records per block (tests use small ones; every process of an installation must use the same).
 */
export function createClassSignatures(db: Db, log: (msg: string, err?: unknown) => void = () => {}, { block = BLOCK } = {}) {
  /** Cuts one class into blocks in 档号 order (the database's collation) and stores them with its version, if still current. */
  async function rebuild(c: { category_id: string; year: number; retention: string; org_code: string; version: string }) {
    const rows = await sql<{ title: string; archival_code: string; doc_number: string; responsible: string }>`
      select title, archival_code, doc_number, responsible from records where ${sameClass(c)} order by archival_code, id`.execute(db);
    const blocks: Insertable<DB['record_class_blocks']>[] = [];
    for (let i = 0; i < rows.rows.length; i += block) {
      const part = rows.rows.slice(i, i + block);
      const pieces = new Set<string>();
      for (const r of part) for (const t of [r.title, r.archival_code, r.doc_number, r.responsible]) piecesOf(t, pieces);
      const b = buildBloom(pieces, pieces.size);
      blocks.push({
        category_id: c.category_id, year: c.year, retention: c.retention, org_code: c.org_code, block_no: i / block, version: c.version,
        min_code: part[0]!.archival_code, max_code: part[part.length - 1]!.archival_code, sig: b.bits, nbits: b.nbits, hashes: b.hashes, pieces: pieces.size,
      });
    }
    await db.transaction().execute(async (tx) => {
      // Only if no record of the class changed since the version was read (the trigger bumps it in the writer's transaction).
      const done = await tx.updateTable('record_class_sigs').set({ dirty: false, records: rows.rows.length, code_prefix: commonPrefix(rows.rows.map((r) => r.archival_code)), built_at: new Date() })
        .where(sameClass(c)).where(sql<boolean>`version = ${c.version}::bigint`).executeTakeFirst();
      if (!Number(done.numUpdatedRows)) return;
      await tx.deleteFrom('record_class_blocks').where(sameClass(c)).execute();
      for (let i = 0; i < blocks.length; i += 200) await tx.insertInto('record_class_blocks').values(blocks.slice(i, i + 200)).execute();
    });
  }

  /** Rebuilds up to `limit` dirty classes; returns how many it looked at. */
  async function refreshOnce(limit = 32): Promise<number> {
    const dirty = await db.selectFrom('record_class_sigs').select(['category_id', 'year', 'retention', 'org_code', sql<string>`version::text`.as('version')])
      .where('dirty', '=', true).orderBy('version').limit(limit).execute();
    for (const c of dirty) await rebuild(c);
    return dirty.length;
  }

  const poller = createPoller(() => refreshOnce(), log, 'class signature');

  /** category id → class key → its blocks' filters and ranges at a version. */
  const cache = new Map<string, Map<string, Cached>>();
  const order = createClassOrder(db);

  /** What a page of a 门类 filtered by q may have to read (see Candidates); null when q has nothing to test (no letter, digit or Han character). */
  async function candidates(categoryId: string, q: string): Promise<Candidates | null> {
    const texts = queryPieces(q);
    if (!texts.length) return null;
    const pieces = hashPieces(texts);
    const list = await db.selectFrom('record_class_sigs').select(['year', 'retention', 'org_code', 'dirty', 'records', sql<string>`version::text`.as('version')])
      .where('category_id', '=', categoryId).orderBy(['year', 'retention', 'org_code']).execute();
    const known = cache.get(categoryId) ?? new Map<string, Cached>();
    cache.set(categoryId, known);
    const missing = list.filter((c) => !c.dirty && known.get(keyOf(c))?.version !== c.version);
    for (let i = 0; i < missing.length; i += 100) {
      const part = missing.slice(i, i + 100);
      const fresh = await db.selectFrom('record_class_blocks')
        .select(['year', 'retention', 'org_code', 'block_no', 'min_code', 'max_code', 'sig', 'nbits', 'hashes', sql<string>`version::text`.as('version')])
        .where('category_id', '=', categoryId)
        .where(sql<boolean>`(year, retention, org_code, version) in (${sql.join(part.map((c) => sql`(${c.year}, ${c.retention}, ${c.org_code}, ${c.version}::bigint)`))})`)
        .orderBy('block_no').execute();
      const got = new Map(part.map((c): [string, Cached] => [keyOf(c), { version: c.version, blocks: [] }]));
      for (const f of fresh) got.get(keyOf(f))!.blocks.push({ no: f.block_no, lo: f.min_code, hi: f.max_code, bloom: { bits: f.sig, nbits: f.nbits, hashes: f.hashes } });
      // A class rebuilt again between the two reads has no blocks at the version listed: it is read whole this time.
      for (const c of part) if (got.get(keyOf(c))!.blocks.length === Math.ceil(c.records / block)) known.set(keyOf(c), got.get(keyOf(c))!);
    }
    const classes: ScanClass[] = [];
    for (const c of list) {
      const hit = known.get(keyOf(c));
      const clean = !c.dirty && hit?.version === c.version;
      if (!clean || hit.blocks.length) classes.push({ year: c.year, retention: c.retention, orgCode: c.org_code, blocks: clean ? hit.blocks : null });
    }
    const out = { classes, blocks: classes.reduce((n, c) => n + (c.blocks?.length ?? 0), 0), may: (b: BlockRange) => mayHoldAll(b.bloom, pieces) };
    const ranks = classes.every((c) => c.blocks) ? await rank(categoryId, list, known) : null;
    return ranks ? { ...out, classes: classes.sort((a, b) => ranks(a)! - ranks(b)!), rankOf: ranks } : out;
  }

  /** Every class clean: their order, known from the blocks' ranges once per set of versions (null: ranges interleave). */
  async function rank(categoryId: string, list: Array<{ year: number; retention: string; org_code: string; version: string }>, known: Map<string, Cached>) {
    const ranged = list.flatMap((c) => { const b = known.get(keyOf(c))!.blocks; return b.length ? [{ key: keyOf(c), lo: b[0]!.lo, hi: b[b.length - 1]!.hi }] : []; });
    const ranks = await order(categoryId, list.map((c) => `${keyOf(c)}=${c.version}`).join('\u0002'), ranged);
    return ranks && ((k: ClassKey) => ranks.get(classKeyOf(k)));
  }

  /**
   * How many records of a 门类 certainly match a LIKE (`op`, `like`, as the record filter has them) through their 档号
   * alone: those of the clean classes whose shared 档号 prefix matches it (a year typed alone, in that year's classes).
   * `k`: the class fields the table is filtered by. A lower bound of the true count, from a few hundred rows.
   */
  async function sureMatches(categoryId: string, op: 'like' | 'ilike', like: string, k: Partial<ClassKey>): Promise<number> {
    let q = db.selectFrom('record_class_sigs').select((eb) => eb.fn.sum<string>('records').as('n'))
      .where('category_id', '=', categoryId).where('dirty', '=', false).where('code_prefix', op, like);
    if (k.year !== undefined) q = q.where('year', '=', k.year);
    if (k.retention) q = q.where('retention', '=', k.retention);
    if (k.orgCode !== undefined) q = q.where('org_code', '=', k.orgCode);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  /** start: rebuilds dirty signatures every `everyMs` (the worker process). */
  return { refreshOnce, candidates, sureMatches, drain: poller.drain, start: poller.start, stop: poller.stop };
}
export type ClassSignatures = ReturnType<typeof createClassSignatures>;
