import type { ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type { FondsInput, FondsPatch } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import { DomainError, conflict, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { assertFondsVisible, authorizeManage, catalogueScope } from './fonds.policy.ts';
import { presentFonds } from './fonds.presenter.ts';

export function createFondsService({ db }: { db: Db }) {
  const audit = (ctx: RequestCtx) => ({ ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip });

  /**
   * Records of a fonds the actor may see, summed from record_class_counts (kept by triggers; a few hundred rows per
   * 门类, never a count of a million records): top-level 件 and 卷 within the actor's 密级 clearance, the same
   * numbers the class tree shows.
   */
  const recordCount = (securities: string[]) => (eb: ExpressionBuilder<DB, 'fonds'>) =>
    eb.selectFrom('record_class_counts').innerJoin('categories', 'categories.id', 'record_class_counts.category_id')
      .select((e) => e.fn.coalesce(e.fn.sum<number>('record_class_counts.n'), e.lit(0)).as('n'))
      .whereRef('categories.fonds_id', '=', 'fonds.id').where('record_class_counts.security', 'in', securities).as('record_count');

  async function list(ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    let q = db.selectFrom('fonds').selectAll('fonds').select(recordCount(scope.securities)).orderBy('code');
    if (scope.fondsCodes) q = q.where('code', 'in', scope.fondsCodes.length ? scope.fondsCodes : ['']);
    return { items: (await q.execute()).map((f) => presentFonds(f, Number(f.record_count ?? 0))) };
  }

  async function get(id: string, ctx: RequestCtx) {
    const scope = catalogueScope(ctx.actor);
    const f = await db.selectFrom('fonds').selectAll('fonds').select(recordCount(scope.securities)).where('id', '=', id).executeTakeFirst();
    if (!f) throw notFound();
    assertFondsVisible(scope, f.code);
    return presentFonds(f, Number(f.record_count ?? 0));
  }

  async function create(input: z.infer<typeof FondsInput>, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    if (input.startYear && input.endYear && input.endYear < input.startYear) throw new DomainError('validation_failed', 400, [{ path: 'endYear', message: '止年度早于起年度 / end year before start year' }]);
    return db.transaction().execute(async (tx) => {
      const dup = await tx.selectFrom('fonds').select('id').where('code', '=', input.code).executeTakeFirst();
      if (dup) throw conflict('fonds_code_taken');
      const f = await tx.insertInto('fonds').values({
        code: input.code, name: input.name, agency: input.agency, start_year: input.startYear, end_year: input.endYear,
        description: input.description, history: input.history,
      }).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'fonds.create', outcome: 'success', targetType: 'fonds', targetId: f.id, after: presentFonds(f) });
      return presentFonds(f);
    });
  }

  async function update(id: string, patch: z.infer<typeof FondsPatch>, ctx: RequestCtx) {
    authorizeManage(ctx.actor);
    return db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('fonds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      if (before.version !== patch.version) throw conflict('stale_version');
      const startYear = patch.startYear !== undefined ? patch.startYear : before.start_year;
      const endYear = patch.endYear !== undefined ? patch.endYear : before.end_year;
      if (startYear && endYear && endYear < startYear) throw new DomainError('validation_failed', 400, [{ path: 'endYear', message: '止年度早于起年度 / end year before start year' }]);
      const f = await tx.updateTable('fonds').set({
        ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.agency !== undefined ? { agency: patch.agency } : {}),
        start_year: startYear, end_year: endYear,
        ...(patch.description !== undefined ? { description: patch.description } : {}), ...(patch.history !== undefined ? { history: patch.history } : {}),
        ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
        version: before.version + 1, updated_at: new Date(),
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...audit(ctx), action: 'fonds.update', outcome: 'success', targetType: 'fonds', targetId: id, before: presentFonds(before), after: presentFonds(f) });
      return presentFonds(f);
    });
  }

  return { list, get, create, update };
}
export type FondsService = ReturnType<typeof createFondsService>;
