import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit } from '../audit/index.ts';
import { screenRecord, type Hit, type Term } from './screen.ts';

export const DEFAULT_OPEN_AFTER_YEARS = 25;
const BATCH = 500;
/** Text extracted from the record's files (OCR / text layer, cached by the search module), capped per record. */
const MAX_TEXT = 200_000;
const extractedText = sql<string | null>`(select left(string_agg(t.text, E'\n' order by rf.created_at), ${MAX_TEXT}) from record_files rf
  join record_file_texts t on t.sha256 = rf.sha256 where rf.record_id = r.id)`.as('text');

/** The terms of the managed list, for screening. */
export const loadTerms = (db: Db) => db.selectFrom('sensitive_terms').select(['term', 'category']).execute() as Promise<Term[]>;

/** Pre-screen hits of one record row, with a 'security' hit for a classified record (it must be declassified first). */
export function screenRow(r: { title: string; remarks: string; subjects: string[]; responsible: string; security: string; text?: string | null }, terms: Term[]): Hit[] {
  const hits = screenRecord({ ...r, text: r.text ?? undefined }, terms);
  if (r.security !== 'public') hits.unshift({ kind: 'security', field: 'security', start: 0, end: r.security.length, text: r.security });
  return hits;
}

/**
 * Finds the records that have reached their opening age and puts each in the review queue, pre-screened.
 * Due: 形成之日 (日期, or the end of 年度 when there is no date) + the 门类's opening age (default 25 years) is
 * on or before asOf. Only archived top-level records that are unreviewed — or 延期 whose deferral has run out —
 * and have no review under way. Idempotent: running it twice queues nothing new.
 */
export async function scanDueRecords(db: Db, opts: { asOf?: string; requestedBy: string; progress?: (p: number, m: string) => Promise<void> }) {
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const years = sql<number>`coalesce(rr.open_after_years, ${DEFAULT_OPEN_AFTER_YEARS})`;
  const formed = sql`coalesce(to_date(nullif(r.doc_date, ''), 'YYYYMMDD'), make_date(r.year + 1, 1, 1))`;
  const inserted = await sql<{ id: string }>`
    insert into open_reviews (record_id, fonds_id, due_year)
    select r.id, r.fonds_id, r.year + ${years}
    from records r left join open_review_rules rr on rr.category_id = r.category_id
    where r.status = 'archived' and r.parent_id is null
      and ${formed} + make_interval(years => ${years}) <= ${asOf}::date
      and (r.open_status = 'unreviewed' or (r.open_status = 'deferred' and exists (
        select 1 from open_reviews d where d.record_id = r.id and d.stage = 'decided' and d.decision = 'closed'
          and d.decided_at + make_interval(years => coalesce(d.defer_years, 5)) <= ${asOf}::date
          and d.decided_at = (select max(x.decided_at) from open_reviews x where x.record_id = r.id))))
      and not exists (select 1 from open_reviews a where a.record_id = r.id and a.stage <> 'decided')
    on conflict do nothing
    returning id`.execute(db);
  const ids = inserted.rows.map((r) => r.id);
  const terms = await loadTerms(db);
  let flagged = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    const rows = await db.selectFrom('open_reviews as o').innerJoin('records as r', 'r.id', 'o.record_id')
      .select(['o.id', 'r.title', 'r.remarks', 'r.subjects', 'r.responsible', 'r.security', extractedText]).where('o.id', 'in', part).execute();
    for (const r of rows) {
      const hits = screenRow(r, terms);
      if (hits.length) flagged++;
      await db.updateTable('open_reviews').set({ hits: JSON.stringify(hits), hit_count: hits.length }).where('id', '=', r.id).execute();
    }
    await opts.progress?.(((i + part.length) / ids.length) * 100, `${i + part.length}/${ids.length}`);
  }
  await appendAudit(db, { actorId: null, actorName: opts.requestedBy, actorRoles: ['archivist'], action: 'open-review.scan', outcome: 'success',
    targetType: 'open_review', detail: { asOf, queued: ids.length, flagged } });
  return { queued: ids.length, flagged };
}

/** Screens a review again (after the term list changed). */
export async function rescreen(db: Db, reviewIds: string[]) {
  const terms = await loadTerms(db);
  const rows = await db.selectFrom('open_reviews as o').innerJoin('records as r', 'r.id', 'o.record_id')
    .select(['o.id', 'r.title', 'r.remarks', 'r.subjects', 'r.responsible', 'r.security', extractedText]).where('o.id', 'in', reviewIds).where('o.stage', '<>', 'decided').execute();
  for (const r of rows) {
    const hits = screenRow(r, terms);
    await db.updateTable('open_reviews').set({ hits: JSON.stringify(hits), hit_count: hits.length }).where('id', '=', r.id).execute();
  }
  return rows.length;
}
