import { CLEARANCE_ORDER, type AccessFlow, type Clearance } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { authorizeStaff } from './access.policy.ts';
import type { AccessRepository } from './access.repository.ts';
import { highestSecurity, planSteps, type AccessSettings } from './access.settings.ts';
import type { RequestService } from './request.service.ts';

type Deps = { db: Db; repo: AccessRepository; settings: AccessSettings; requests: Pick<RequestService, 'present'> };
const rank = (c: string) => CLEARANCE_ORDER.indexOf(c as Clearance);

/**
 * The approval flow: the first step (受理) attaches the records; each later step is decided by an archivist
 * listed for it (anyone when the list is empty), never by someone who decided an earlier step of the same
 * request, and never by someone cleared below the records' highest 密级. Decisions are inserted, never edited.
 */
export function createApprovalService({ db, repo, settings, requests }: Deps) {
  async function locked<T>(id: string, ctx: RequestCtx, fn: (tx: Db, r: NonNullable<Awaited<ReturnType<AccessRepository['get']>>>) => Promise<T>) {
    authorizeStaff(ctx.actor);
    const row = await db.transaction().execute(async (tx) => {
      const r = await repo.get(tx, id, true);
      if (!r) throw notFound();
      await fn(tx, r);
      return (await repo.get(tx, id))!;
    });
    return requests.present(row, true);
  }

  return {
    setItems: (id: string, recordIds: string[], ctx: RequestCtx) => locked(id, ctx, async (tx, r) => {
      const a = authorizeStaff(ctx.actor);
      if (r.status !== 'reviewing' || r.current_step !== 0) throw new DomainError('access_state', 409);
      const ids = [...new Set(recordIds)];
      const found = (await repo.recordsByIds(tx, ids)).filter((x) => rank(x.security) <= rank(a.clearance));
      const missing = ids.filter((x) => !found.some((f) => f.id === x));
      if (missing.length) throw invalid(missing.map((m) => ({ path: `recordIds.${ids.indexOf(m)}`, message: '档案不存在 / no such record' })));
      await tx.deleteFrom('access_request_items').where('request_id', '=', r.id).execute();
      if (ids.length) await tx.insertInto('access_request_items').values(ids.map((x) => ({ request_id: r.id, record_id: x }))).execute();
      const steps = planSteps(r.steps.length ? { ...(await settings.flow()), steps: stripSecrecy(r.steps, await settings.flow()) } : await settings.flow(), found.map((f) => ({ security: f.security, fondsCode: f.fondsCode })));
      await tx.updateTable('access_requests').set({ steps: JSON.stringify(steps), updated_at: new Date() }).where('id', '=', r.id).execute();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'access.request.items', outcome: 'success', targetType: 'access_request', targetId: r.id, requestId: ctx.requestId, ip: ctx.ip,
        detail: { number: r.number, recordIds: ids, steps: steps.map((s) => s.key) } });
    }),

    decide: (id: string, body: { decision: 'approve' | 'reject'; reason: string; stepIndex: number }, ctx: RequestCtx) => locked(id, ctx, async (tx, r) => {
      const a = authorizeStaff(ctx.actor);
      if (r.status !== 'reviewing') throw new DomainError('access_state', 409);
      if (body.stepIndex !== r.current_step) throw new DomainError('access_stale_step', 409);
      const step = r.steps[r.current_step]!;
      if (step.approvers.length && !step.approvers.includes(a.username)) throw forbidden('access_not_approver');
      const earlier = await repo.decisions(tx, r.id);
      if (earlier.some((d) => d.actor_id === a.userId)) throw forbidden('access_same_approver');
      const items = await repo.items(tx, r.id);
      if (rank(highestSecurity(items)) > rank(a.clearance)) throw forbidden('access_clearance');
      if (body.decision === 'approve' && items.length === 0) throw new DomainError('access_no_items', 409);
      if (body.decision === 'reject' && body.reason.length < 2) throw new DomainError('access_reason_required', 400, [{ path: 'reason', message: '必填 / required' }]);
      await tx.insertInto('access_decisions').values({ request_id: r.id, step_index: r.current_step, step_key: step.key, decision: body.decision, reason: body.reason, actor_id: a.userId, actor: a.username }).execute();
      const last = r.current_step + 1 >= r.steps.length;
      const now = new Date();
      const status = body.decision === 'reject' ? 'rejected' : last ? 'approved' : 'reviewing';
      await tx.updateTable('access_requests').set({ status, current_step: body.decision === 'approve' ? r.current_step + 1 : r.current_step, updated_at: now, decided_at: status === 'reviewing' ? null : now })
        .where('id', '=', r.id).execute();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: `access.request.${body.decision}`, outcome: 'success', targetType: 'access_request', targetId: r.id, requestId: ctx.requestId, ip: ctx.ip,
        detail: { number: r.number, step: step.key, stepIndex: r.current_step, reason: body.reason, status } });
    }),

    /** The full 证件号码 and phone, for the archivist at the window; every reveal is audited. */
    async reveal(id: string, ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      const r = await repo.get(db, id);
      if (!r) throw notFound();
      await appendAudit(db, { ...actorAudit(ctx.actor), action: 'access.request.revealId', outcome: 'success', targetType: 'access_request', targetId: r.id, requestId: ctx.requestId, ip: ctx.ip, detail: { number: r.number } });
      return { idNo: r.id_no, phone: r.phone };
    },

    async getFlow(ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      return settings.flow();
    },
    async setFlow(flow: AccessFlow, ctx: RequestCtx) {
      const a = authorizeStaff(ctx.actor);
      const keys = [...flow.steps.map((s) => s.key), flow.secrecyStep.key];
      if (new Set(keys).size !== keys.length) throw invalid([{ path: 'steps', message: '环节代码重复 / duplicate step keys' }]);
      await db.transaction().execute(async (tx) => {
        await settings.setFlow(tx, flow, a.username);
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'access.flow.update', outcome: 'success', targetType: 'access_flow', targetId: '1', requestId: ctx.requestId, ip: ctx.ip, detail: flow });
      });
      return settings.flow();
    },
  };
}
export type ApprovalService = ReturnType<typeof createApprovalService>;

/** A request keeps the steps it was filed under; re-planning only adds or drops the 保密审查 step. */
function stripSecrecy(steps: { key: string; label: string; approvers: string[] }[], flow: AccessFlow) {
  return steps.filter((s) => s.key !== flow.secrecyStep.key);
}
