import { sql } from 'kysely';
import type { z } from 'zod';
import type { PortalRecord, PortalSearchQuery, PortalSearchResult } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../http/errors.ts';
import { createPublicCache } from './portal.cache.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Looked up instead of a malformed id, so a bad id takes the same path (and time) as a missing one. */
const NIL = '00000000-0000-0000-0000-000000000000';
export const asUuid = (id: string) => (UUID.test(id) ? id.toLowerCase() : NIL);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const kindOf = (mime: string) => (mime === 'application/pdf' ? 'pdf' as const : 'image' as const);

/**
 * What the public sees. It reads ONLY portal_records (the published 开放目录, redaction applied), so an unopened,
 * unpublished, withdrawn or non-existent record is the same 404.
 */
export function createPortalService({ db, cacheMs = 30_000 }: { db: Db; cacheMs?: number }) {
  const cache = createPublicCache(cacheMs, 20_000);

  async function searchNow(q: z.infer<typeof PortalSearchQuery>): Promise<PortalSearchResult> {
    let query = db.selectFrom('portal_records as p');
    const words = q.q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
    for (const w of words) {
      const pattern = `%${escapeLike(w)}%`;
      query = query.where((eb) => eb.or([eb('p.title', 'ilike', pattern), eb('p.archival_code', 'ilike', pattern), eb('p.doc_number', 'ilike', pattern), eb('p.responsible', 'ilike', pattern)]));
    }
    if (q.year) query = query.where('p.year', '=', q.year);
    if (q.fonds) query = query.where('p.fonds_code', '=', q.fonds);
    const [rows, total] = await Promise.all([
      query.select(['p.record_id', 'p.archival_code', 'p.title', 'p.year', 'p.doc_date', 'p.fonds_code', 'p.fonds_name', 'p.category_name', 'p.redacted',
        sql<number>`cardinality(p.file_ids)`.as('file_count')])
        .orderBy('p.year', 'desc').orderBy('p.archival_code').offset(q.offset).limit(q.limit).execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(total.n),
      items: rows.map((r) => ({ id: r.record_id, archivalCode: r.archival_code, title: r.title, year: r.year, docDate: r.doc_date, fondsCode: r.fonds_code,
        fondsName: r.fonds_name, categoryName: r.category_name, redacted: r.redacted, fileCount: Number(r.file_count) })),
    };
  }

  async function recordNow(id: string): Promise<z.infer<typeof PortalRecord>> {
    const r = await db.selectFrom('portal_records').selectAll().where('record_id', '=', asUuid(id)).executeTakeFirst();
    if (!r) throw notFound();
    const files = r.file_ids.length
      ? await db.selectFrom('record_files').select(['id', 'filename', 'mime']).where('id', 'in', r.file_ids).where('record_id', '=', r.record_id).orderBy('created_at').execute()
      : [];
    return {
      id: r.record_id, archivalCode: r.archival_code, title: r.title, year: r.year, docDate: r.doc_date, fondsCode: r.fonds_code, fondsName: r.fonds_name,
      categoryName: r.category_name, redacted: r.redacted, fileCount: files.length, responsible: r.responsible, docNumber: r.doc_number, pages: r.pages,
      publishedAt: r.published_at.toISOString(), files: files.map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, kind: kindOf(f.mime) })),
    };
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
    return { items: rows.map((r) => ({ code: r.fonds_code, name: r.fonds_name, count: Number(r.n) })) };
  }

  const search = (q: z.infer<typeof PortalSearchQuery>) => cache.get(`s:${JSON.stringify(q)}`, () => searchNow(q));
  const record = (id: string) => cache.get(`r:${asUuid(id)}`, () => recordNow(id));
  const fonds = () => cache.get('f', fondsNow);
  return { search, record, file, fonds, clearCache: cache.clear };
}
export type PortalService = ReturnType<typeof createPortalService>;
