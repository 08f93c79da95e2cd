import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { buildBloom, mayHoldAll, piecesOf, queryPieces, type Bloom } from './class-sig.bloom.ts';

/** A lowest class: 门类 + 年度 + 保管期限 + 机构. */
export interface ClassKey { year: number; retention: string; orgCode: string }
const keyOf = (c: { year: number; retention: string; org_code: string }) => `${c.year}\u0001${c.retention}\u0001${c.org_code}`;

/**
 * The class signatures (migration 0023): rebuilt by the worker from the records of each dirty class, and read by the
 * record table through a per-process cache that fetches a signature again only when its version moved.
 */
export function createClassSignatures(db: Db, log: (msg: string, err?: unknown) => void = () => {}) {
  /** Rebuilds up to `limit` dirty classes; returns how many it looked at. */
  async function refreshOnce(limit = 32): Promise<number> {
    const dirty = await db.selectFrom('record_class_sigs').select(['category_id', 'year', 'retention', 'org_code', sql<string>`version::text`.as('version')])
      .where('dirty', '=', true).orderBy('version').limit(limit).execute();
    for (const c of dirty) {
      const rows = await db.selectFrom('records').select(['title', 'archival_code', 'doc_number', 'responsible'])
        .where('category_id', '=', c.category_id).where('year', '=', c.year).where('retention', '=', c.retention).where('org_code', '=', c.org_code).execute();
      const pieces = new Set<string>();
      for (const r of rows) for (const t of [r.title, r.archival_code, r.doc_number, r.responsible]) piecesOf(t, pieces);
      const b = buildBloom(pieces, pieces.size);
      // The class's 档号 range in the database's collation (the table orders classes by it).
      const range = await sql<{ lo: string | null; hi: string | null }>`select min(archival_code) lo, max(archival_code) hi from records
        where category_id = ${c.category_id} and year = ${c.year} and retention = ${c.retention} and org_code = ${c.org_code}`.execute(db);
      // Only if no record of the class changed since the version was read (the trigger bumps it in the writer's transaction).
      await db.updateTable('record_class_sigs').set({
          sig: b.bits, nbits: b.nbits, hashes: b.hashes, pieces: pieces.size, records: rows.length, min_code: range.rows[0]?.lo ?? null, max_code: range.rows[0]?.hi ?? null,
          dirty: false, built_at: new Date(),
        })
        .where('category_id', '=', c.category_id).where('year', '=', c.year).where('retention', '=', c.retention).where('org_code', '=', c.org_code)
        .where(sql<boolean>`version = ${c.version}::bigint`).execute();
    }
    return dirty.length;
  }

  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  async function drain(): Promise<number> {
    while (running) await running.catch(() => 0);
    running = (async () => {
      let total = 0;
      for (let n = await refreshOnce(); n > 0; n = await refreshOnce()) total += n;
      return total;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  /** category id → class key → the signature at a version. */
  const cache = new Map<string, Map<string, { version: string; bloom: Bloom }>>();

  /**
   * The classes of a 门类 that may hold a record matching q, or null when q has nothing to test (no letter, digit or
   * Han character). Dirty classes are always in; so is a class whose signature moved between the two reads.
   */
  async function candidates(categoryId: string, q: string): Promise<{ classes: ClassKey[]; of: number } | null> {
    const pieces = queryPieces(q);
    if (!pieces.length) return null;
    const list = await db.selectFrom('record_class_sigs').select(['year', 'retention', 'org_code', 'dirty', sql<string>`version::text`.as('version')])
      .where('category_id', '=', categoryId).execute();
    const known = cache.get(categoryId) ?? new Map<string, { version: string; bloom: Bloom }>();
    cache.set(categoryId, known);
    const missing = list.filter((c) => !c.dirty && known.get(keyOf(c))?.version !== c.version);
    if (missing.length) {
      const fresh = await db.selectFrom('record_class_sigs').select(['year', 'retention', 'org_code', 'sig', 'nbits', 'hashes', sql<string>`version::text`.as('version')])
        .where('category_id', '=', categoryId).where('dirty', '=', false).where('sig', 'is not', null)
        .where(sql<boolean>`(year, retention, org_code) in (${sql.join(missing.map((c) => sql`(${c.year}, ${c.retention}, ${c.org_code})`))})`).execute();
      for (const f of fresh) known.set(keyOf(f), { version: f.version, bloom: { bits: f.sig!, nbits: f.nbits, hashes: f.hashes } });
    }
    const classes: ClassKey[] = [];
    for (const c of list) {
      const hit = known.get(keyOf(c));
      if (c.dirty || hit?.version !== c.version || mayHoldAll(hit.bloom, pieces)) classes.push({ year: c.year, retention: c.retention, orgCode: c.org_code });
    }
    return { classes, of: list.length };
  }

  return {
    refreshOnce, drain, candidates,
    /** Rebuilds dirty signatures every `everyMs` (the worker process). */
    start(everyMs = 1000) {
      if (timer) return;
      const tick = async () => {
        try {
          if (!running) await drain();
        } catch (e) {
          log('class signature round failed', e);
        }
        if (timer) timer = setTimeout(tick, everyMs);
      };
      timer = setTimeout(tick, everyMs);
      timer.unref();
    },
    async stop() {
      const t = timer;
      timer = null;
      if (t) clearTimeout(t);
      await running?.catch(() => 0);
    },
  };
}
export type ClassSignatures = ReturnType<typeof createClassSignatures>;
