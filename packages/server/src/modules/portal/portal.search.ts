import { sql } from 'kysely';
import type { z } from 'zod';
import type { PortalSearchQuery, PortalSearchResult } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { SearchPort } from '../../platform/search/search.port.ts';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
type Summary = PortalSearchResult['items'][number];

/**
 * Portal search. Fully opened records go through the search port in its public scope, limited to published ones
 * (`publishedOnly`: the record must be in portal_records), so Chinese words, bigrams, 繁/简 and pinyin work as in the
 * workbench and nothing unopened or unpublished can match, count or be shown. What is displayed comes from the
 * published copy (portal_records), never from the live catalogue.
 *
 * 删节开放 records (开放状态 controlled) are not in the public scope: the index holds their unredacted title, so
 * matching it would leak what was redacted. They are matched separately on their published (redacted) fields with
 * plain substring conditions, and follow the port's hits in the result.
 */
export function createPortalSearch(db: Db, port: () => SearchPort) {
  const columns = ['p.record_id', 'p.archival_code', 'p.title', 'p.year', 'p.doc_date', 'p.fonds_code', 'p.fonds_name', 'p.category_name', 'p.redacted'] as const;
  const summary = (r: { record_id: string; archival_code: string; title: string; year: number; doc_date: string; fonds_code: string; fonds_name: string;
    category_name: string; redacted: boolean; file_count: number }): Summary => ({
    id: r.record_id, archivalCode: r.archival_code, title: r.title, year: r.year, docDate: r.doc_date, fondsCode: r.fonds_code, fondsName: r.fonds_name,
    categoryName: r.category_name, redacted: r.redacted, fileCount: Number(r.file_count),
  });

  function controlled(q: z.infer<typeof PortalSearchQuery>) {
    let query = db.selectFrom('portal_records as p').where('p.redacted', '=', true);
    for (const w of q.q.trim().split(/\s+/).filter(Boolean).slice(0, 8)) {
      const pattern = `%${escapeLike(w)}%`;
      query = query.where((eb) => eb.or([eb('p.title', 'ilike', pattern), eb('p.archival_code', 'ilike', pattern), eb('p.doc_number', 'ilike', pattern)]));
    }
    if (q.year) query = query.where('p.year', '=', q.year);
    if (q.fonds) query = query.where('p.fonds_code', '=', q.fonds);
    return query;
  }

  async function search(q: z.infer<typeof PortalSearchQuery>): Promise<PortalSearchResult> {
    const text = q.q.trim();
    // Punctuation alone is no query (the port would read it as "no words" and list everything).
    if (text && !/[\p{L}\p{N}]/u.test(text)) return { items: [], total: 0 };
    const ctl = controlled(q);
    const [found, ctlCount] = await Promise.all([
      port().search({
        text, sort: text ? 'relevance' : 'date', limit: q.limit, offset: q.offset,
        filters: { ...(q.fonds ? { fondsCodes: [q.fonds] } : {}), ...(q.year ? { yearFrom: q.year, yearTo: q.year } : {}) },
      }, { kind: 'public', publishedOnly: true }),
      ctl.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const ids = found.hits.map((h) => h.id);
    const rows = ids.length
      ? await db.selectFrom('portal_records as p').select([...columns, sql<number>`cardinality(p.file_ids)`.as('file_count')]).where('p.record_id', 'in', ids).execute()
      : [];
    const byId = new Map(rows.map((r) => [r.record_id, r]));
    const items = ids.flatMap((id) => { const r = byId.get(id); return r ? [summary(r)] : []; });
    const openTotal = found.total.value;
    if (items.length < q.limit && Number(ctlCount.n) > 0) {
      const more = await ctl.select([...columns, sql<number>`cardinality(p.file_ids)`.as('file_count')])
        .orderBy('p.year', 'desc').orderBy('p.archival_code').offset(Math.max(0, q.offset - openTotal)).limit(q.limit - items.length).execute();
      items.push(...more.map(summary));
    }
    return { items, total: openTotal + Number(ctlCount.n) };
  }

  return { search };
}
