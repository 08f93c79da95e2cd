import { sql } from 'kysely';
import type { z } from 'zod';
import type { PortalSearchQuery } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { SearchPort } from '../../platform/search/search.port.ts';
import { notFound } from '../../http/errors.ts';
import { createPublicCache } from './portal.cache.ts';
import { answerOf, createRecordSnapshot, type PublicAnswer } from './portal.records.ts';
import { createPortalSearch } from './portal.search.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Looked up instead of a malformed id, so a bad id takes the same path (and time) as a missing one. */
const NIL = '00000000-0000-0000-0000-000000000000';
export const asUuid = (id: string) => (UUID.test(id) ? id.toLowerCase() : NIL);
export type { PublicAnswer } from './portal.records.ts';

/**
 * What the public sees. It reads ONLY portal_records (the published 开放目录, redaction applied) — search through
 * the search port limited to published records — so an unopened, unpublished, withdrawn or non-existent record is
 * the same 404. Answers are ready JSON with an ETag: record pages from the in-memory snapshot of the published
 * catalogue, searches and the fonds list from a short shared cache (in-flight sharing), both renewed on publication.
 */
export function createPortalService({ db, search: port, cacheMs = 30_000 }: { db: Db; search: () => SearchPort; cacheMs?: number }) {
  const cache = createPublicCache(cacheMs, 20_000);
  const records = createRecordSnapshot(db);
  const searcher = createPortalSearch(db, port);

  /** A published record page, or 404: unopened, missing and malformed ids all end in the same map miss. */
  async function record(id: string): Promise<PublicAnswer> {
    const key = asUuid(id);
    const snap = await records.snapshot();
    const hit = snap.map.get(key);
    if (hit) return hit;
    if (snap.complete) throw notFound();
    return cache.get(`r:${key}`, async () => {
      const one = await records.one(key);
      if (!one) throw notFound();
      return one;
    });
  }
  /** A published file of a published record, or 404 (same as a missing one). */
  async function file(fileId: string) {
    const f = await db.selectFrom('record_files as rf').innerJoin('portal_records as p', 'p.record_id', 'rf.record_id')
      .select(['rf.id', 'rf.sha256', 'rf.mime', 'rf.size']).where('rf.id', '=', asUuid(fileId)).where(sql<boolean>`rf.id = any(p.file_ids)`).executeTakeFirst();
    if (!f) throw notFound();
    return f;
  }
  async function fondsNow() {
    const rows = await db.selectFrom('portal_records').select(['fonds_code', 'fonds_name', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy(['fonds_code', 'fonds_name']).orderBy('fonds_code').execute();
    return answerOf({ items: rows.map((r) => ({ code: r.fonds_code, name: r.fonds_name, count: Number(r.n) })) });
  }
  const search = (q: z.infer<typeof PortalSearchQuery>) => cache.get(`s:${JSON.stringify(q)}`, async () => answerOf(await searcher.search(q)));
  const fonds = () => cache.get('f', fondsNow);
  /** After a publication: new answers for everyone in this process. */
  const clearCache = () => { cache.clear(); records.reload(); };
  return { search, record, file, fonds, clearCache };
}
export type PortalService = ReturnType<typeof createPortalService>;
