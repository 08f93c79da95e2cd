import type { z } from 'zod';
import type { OpenRuleInput, SensitiveTermInput } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { DEFAULT_OPEN_AFTER_YEARS, rescreen } from './open-review.scan.ts';
import { authorizeArchivist } from './open-review.policy.ts';

/** The managed 敏感词 list and the per-门类 opening rules; both archivist-only and audited. */
export function createSettingsService({ db }: { db: Db }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, outcome: 'success' as const });

  async function listTerms(ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    const rows = await db.selectFrom('sensitive_terms').selectAll().orderBy('category').orderBy('term').execute();
    return { items: rows.map((t) => ({ id: t.id, term: t.term, category: t.category as 'other', createdBy: t.created_by, createdAt: t.created_at.toISOString() })) };
  }

  /** Adding or removing a term screens the queue again, so the reviewers see current hits. */
  async function rescreenQueue() {
    const ids = await db.selectFrom('open_reviews').select('id').where('stage', '<>', 'decided').execute();
    for (let i = 0; i < ids.length; i += 500) await rescreen(db, ids.slice(i, i + 500).map((r) => r.id));
  }

  async function addTerm(input: z.infer<typeof SensitiveTermInput>, ctx: RequestCtx) {
    const s = authorizeArchivist(ctx.actor);
    const t = await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('sensitive_terms').values({ term: input.term, category: input.category, created_by: s.name })
        .onConflict((oc) => oc.column('term').doNothing()).returningAll().executeTakeFirst();
      if (!row) throw conflict('term_taken');
      await appendAudit(tx, { ...audit(ctx), action: 'open-review.term.add', targetType: 'sensitive_term', targetId: row.id, after: { term: row.term, category: row.category } });
      return row;
    });
    await rescreenQueue();
    return { id: t.id, term: t.term, category: t.category as 'other', createdBy: t.created_by, createdAt: t.created_at.toISOString() };
  }

  async function removeTerm(id: string, ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    await db.transaction().execute(async (tx) => {
      const row = await tx.deleteFrom('sensitive_terms').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound();
      await appendAudit(tx, { ...audit(ctx), action: 'open-review.term.remove', targetType: 'sensitive_term', targetId: id, before: { term: row.term, category: row.category } });
    });
    await rescreenQueue();
    return { ok: true as const };
  }

  async function listRules(ctx: RequestCtx) {
    authorizeArchivist(ctx.actor);
    const rows = await db.selectFrom('categories as c').innerJoin('fonds as f', 'f.id', 'c.fonds_id').leftJoin('open_review_rules as r', 'r.category_id', 'c.id')
      .select(['c.id', 'c.code', 'c.name', 'f.code as fonds_code', 'f.name as fonds_name', 'r.open_after_years', 'r.co_review']).orderBy('f.code').orderBy('c.code').execute();
    return { items: rows.map((r) => ({ categoryId: r.id, fondsCode: r.fonds_code, fondsName: r.fonds_name, categoryCode: r.code, categoryName: r.name,
      openAfterYears: r.open_after_years ?? DEFAULT_OPEN_AFTER_YEARS, coReview: r.co_review ?? false })) };
  }

  async function putRule(categoryId: string, input: z.infer<typeof OpenRuleInput>, ctx: RequestCtx) {
    const s = authorizeArchivist(ctx.actor);
    await db.transaction().execute(async (tx) => {
      const c = await tx.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst();
      if (!c) throw notFound();
      const before = await tx.selectFrom('open_review_rules').selectAll().where('category_id', '=', categoryId).executeTakeFirst();
      await tx.insertInto('open_review_rules').values({ category_id: categoryId, open_after_years: input.openAfterYears, co_review: input.coReview, updated_by: s.name })
        .onConflict((oc) => oc.column('category_id').doUpdateSet({ open_after_years: input.openAfterYears, co_review: input.coReview, updated_by: s.name, updated_at: new Date() })).execute();
      await appendAudit(tx, { ...audit(ctx), action: 'open-review.rule.put', targetType: 'category', targetId: categoryId,
        before: before ? { openAfterYears: before.open_after_years, coReview: before.co_review } : null, after: input });
    });
    return (await listRules(ctx)).items.find((r) => r.categoryId === categoryId)!;
  }

  return { listTerms, addTerm, removeTerm, listRules, putRule };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
