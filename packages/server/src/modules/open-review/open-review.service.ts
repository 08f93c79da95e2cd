import type { z } from 'zod';
import type { DecideInput, ReviewDetail, ReviewQuery, ReviewSummary } from '@lantai/api';
import type { Conn, Db } from '../../platform/db/database.ts';
import { DomainError, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { presentRecord } from '../catalogue/index.ts';
import { authorizeArchivist, mayReviewAt, reviewScope, type ReviewScope } from './open-review.policy.ts';

const STATUS_OF = { open: 'open', redacted: 'controlled', closed: 'deferred' } as const;
type Stage = 'initial' | 'co_review' | 'final';

const summaryColumns = ['o.id', 'o.record_id', 'o.stage', 'o.due_year', 'o.hit_count', 'o.decision', 'o.published_at', 'o.version', 'o.created_at',
  'f.code as fonds_code', 'r.archival_code', 'r.title', 'r.year', 'r.doc_date', 'r.security'] as const;

function presentSummary(r: { id: string; record_id: string; stage: string; due_year: number; hit_count: number; decision: string | null; published_at: Date | null;
  version: number; created_at: Date; fonds_code: string; archival_code: string; title: string; year: number; doc_date: string; security: string }): ReviewSummary {
  return {
    id: r.id, recordId: r.record_id, fondsCode: r.fonds_code, archivalCode: r.archival_code, title: r.title, year: r.year, docDate: r.doc_date,
    security: r.security, stage: r.stage as ReviewSummary['stage'], dueYear: r.due_year, hitCount: r.hit_count,
    decision: r.decision as ReviewSummary['decision'], publishedAt: r.published_at?.toISOString() ?? null, version: r.version, createdAt: r.created_at.toISOString(),
  };
}

export function createOpenReviewService({ db }: { db: Db }) {
  const base = (s: ReviewScope) => {
    let q = db.selectFrom('open_reviews as o').innerJoin('records as r', 'r.id', 'o.record_id').innerJoin('fonds as f', 'f.id', 'o.fonds_id')
      .where('r.security', 'in', s.securities);
    // The 移交单位 sees only what waits for its opinion, or it has seen, on its own fonds.
    if (!s.archivist) q = q.where('f.code', 'in', s.coReviewFonds.length ? s.coReviewFonds : ['']);
    return q;
  };

  async function list(query: z.infer<typeof ReviewQuery>, ctx: RequestCtx) {
    const s = reviewScope(ctx.actor);
    let q = base(s);
    if (query.stage) q = q.where('o.stage', '=', query.stage);
    else if (!s.archivist) q = q.where('o.stage', '=', 'co_review');
    if (query.fondsCode) q = q.where('f.code', '=', query.fondsCode);
    if (query.hits === 'any') q = q.where('o.hit_count', '>', 0);
    if (query.hits === 'none') q = q.where('o.hit_count', '=', 0);
    if (query.unpublished) q = q.where('o.published_at', 'is', null).where('o.decision', 'in', ['open', 'redacted']);
    const [rows, total] = await Promise.all([
      q.select([...summaryColumns]).orderBy('o.hit_count', 'desc').orderBy('r.archival_code').offset(query.offset).limit(query.limit).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(presentSummary), total: Number(total.n) };
  }

  async function get(id: string, ctx: RequestCtx): Promise<z.infer<typeof ReviewDetail>> {
    const s = reviewScope(ctx.actor);
    const r = await base(s).select([...summaryColumns, 'o.hits', 'r.remarks', 'r.subjects', 'r.responsible', 'r.category_id']).where('o.id', '=', id).executeTakeFirst();
    if (!r) throw notFound();
    const [opinions, rule] = await Promise.all([
      db.selectFrom('open_review_opinions').selectAll().where('review_id', '=', id).orderBy('id').execute(),
      db.selectFrom('open_review_rules').select('co_review').where('category_id', '=', r.category_id).executeTakeFirst(),
    ]);
    return {
      ...presentSummary(r), record: { title: r.title, remarks: r.remarks, subjects: r.subjects, responsible: r.responsible },
      hits: r.hits as ReviewDetail['hits'], coReview: rule?.co_review ?? false,
      opinions: opinions.map((o) => ({ stage: o.stage, actor: o.actor, decision: o.decision, reason: o.reason, deferYears: o.defer_years,
        redaction: o.redaction as ReviewDetail['opinions'][number]['redaction'], at: o.at.toISOString() })),
    };
  }

  /**
   * Records one opinion per review at the stage it is in, all or nothing. 初审 → 移交单位 co-review (where the 门类
   * rule asks for it) → 复审 by another archivist, whose decision is final: it sets the record's 开放状态 (with a
   * record version) and the evidence is audited.
   */
  async function decide(input: z.infer<typeof DecideInput>, ctx: RequestCtx) {
    const s = reviewScope(ctx.actor);
    if (input.decision === 'redacted' && !input.redaction) throw new DomainError('open_review_redaction', 400, [{ path: 'redaction.title', message: '删节开放须填写公布题名 / title required' }]);
    const ids = [...new Set(input.ids)];
    return db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('open_reviews as o').innerJoin('records as r', 'r.id', 'o.record_id').innerJoin('fonds as f', 'f.id', 'o.fonds_id')
        .leftJoin('open_review_rules as rr', 'rr.category_id', 'r.category_id')
        .select(['o.id', 'o.stage', 'o.record_id', 'r.security', 'f.code as fonds_code', 'rr.co_review']).where('o.id', 'in', ids)
        .where('r.security', 'in', s.securities)
        .$if(!s.archivist, (q) => q.where('f.code', 'in', s.coReviewFonds.length ? s.coReviewFonds : ['']))
        .orderBy('o.id').forUpdate('o').execute();
      if (rows.length !== ids.length) throw notFound();
      let decided = 0;
      let advanced = 0;
      for (const row of rows) {
        if (row.stage === 'decided') throw new DomainError('open_review_stage', 409);
        if (!mayReviewAt(s, row.stage, row.fonds_code)) throw forbidden();
        const stage = row.stage as Stage;
        if (stage === 'final') {
          const initial = await tx.selectFrom('open_review_opinions').select('actor').where('review_id', '=', row.id).where('stage', '=', 'initial').orderBy('id', 'desc').executeTakeFirst();
          if (initial?.actor === s.name) throw new DomainError('open_review_stage', 409);
        }
        if (input.decision !== 'closed' && row.security !== 'public') throw new DomainError('open_review_classified', 409);
        const redaction = input.decision === 'redacted' ? JSON.stringify(input.redaction) : null;
        const deferYears = input.decision === 'closed' ? (input.deferYears ?? 5) : null;
        await tx.insertInto('open_review_opinions').values({ review_id: row.id, stage, actor: s.name, decision: input.decision, reason: input.reason, defer_years: deferYears, redaction }).execute();
        if (stage !== 'final') {
          const next = stage === 'initial' && row.co_review ? 'co_review' : 'final';
          await tx.updateTable('open_reviews').set((eb) => ({ stage: next, version: eb('version', '+', 1) })).where('id', '=', row.id).execute();
          advanced++;
          continue;
        }
        await tx.updateTable('open_reviews').set((eb) => ({ stage: 'decided', decision: input.decision, defer_years: deferYears, redaction, decided_at: new Date(), version: eb('version', '+', 1) }))
          .where('id', '=', row.id).execute();
        await setOpenStatus(tx, row.record_id, STATUS_OF[input.decision], s.name);
        decided++;
      }
      await appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, action: 'open-review.decide', outcome: 'success', targetType: 'open_review',
        detail: { ids, stages: rows.map((r) => r.stage), decision: input.decision, reason: input.reason, deferYears: input.deferYears ?? null, redaction: input.redaction ?? null } });
      return { decided, advanced };
    });
  }

  /** Sets 开放状态 as a new record version, so the record's history shows the change. */
  async function setOpenStatus(tx: Conn, recordId: string, status: string, actor: string) {
    const r = await tx.updateTable('records').set((eb) => ({ open_status: status, version: eb('version', '+', 1), updated_at: new Date() }))
      .where('id', '=', recordId).returningAll().executeTakeFirstOrThrow();
    await tx.insertInto('record_versions').values({ record_id: r.id, version: r.version, action: 'open-review', actor, data: JSON.stringify(presentRecord(r)) }).execute();
  }

  return { list, get, decide, authorizeArchivist: (ctx: RequestCtx) => authorizeArchivist(ctx.actor) };
}
export type OpenReviewService = ReturnType<typeof createOpenReviewService>;
