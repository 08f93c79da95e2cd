import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { AccessRequestCreate, PublicRequestCreate } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, invalid, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { validResidentId } from './access.mask.ts';
import { nextNumber } from './access.numbers.ts';
import { authorizeParticipant } from './access.policy.ts';
import { presentDelivery, presentRequest } from './access.presenter.ts';
import type { AccessRepository, RequestRow } from './access.repository.ts';
import type { AccessSettings } from './access.settings.ts';
import { signToken } from './delivery.token.ts';

export interface AccessLimits { perReaderPerHour: number; perIpPerHour: number }
export const DEFAULT_LIMITS: AccessLimits = { perReaderPerHour: 10, perIpPerHour: 30 };
type Deps = { db: Db; repo: AccessRepository; settings: AccessSettings; limits: AccessLimits };

/** Filing, listing and following 查档 requests (readers, walk-ins registered at the window, portal visitors). */
export function createRequestService({ db, repo, settings, limits }: Deps) {
  async function checkFlood(readerId: string | null, ip: string) {
    const n = await repo.recentCounts(readerId, ip, new Date(Date.now() - 3600_000));
    if ((readerId && n.reader >= limits.perReaderPerHour) || n.ip >= limits.perIpPerHour) throw new DomainError('rate_limited', 429);
  }

  function checkApplicant(a: { idType: string; idNo: string }) {
    if (a.idType === 'resident_id' && !validResidentId(a.idNo.toUpperCase())) throw invalid([{ path: 'applicant.idNo', message: '居民身份证号码格式或校验位错误 / not a valid resident ID number' }]);
  }

  async function insert(body: AccessRequestCreate & { applicant: NonNullable<AccessRequestCreate['applicant']> }, o: { channel: 'online' | 'window' | 'portal'; readerId: string | null; createdBy: string; ctx: RequestCtx; tracking?: string }) {
    const flow = await settings.flow();
    return db.transaction().execute(async (tx) => {
      const number = await nextNumber(tx, 'CD');
      const row = await tx.insertInto('access_requests').values({
        id: randomUUID(), number, channel: o.channel, purpose: body.purpose, purpose_detail: body.purposeDetail, content: body.content, preferred_mode: body.preferredMode,
        reader_user_id: o.readerId, applicant_name: body.applicant.name, id_type: body.applicant.idType, id_no: body.applicant.idNo.toUpperCase(), phone: body.applicant.phone,
        tracking_digest: o.tracking ? digest(o.tracking) : null, requested_record_ids: [...new Set(body.recordIds)], steps: JSON.stringify(flow.steps),
        submit_ip: o.ctx.ip, created_by: o.createdBy,
      }).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...actorAudit(o.ctx.actor), action: 'access.request.create', outcome: 'success', targetType: 'access_request', targetId: row.id, requestId: o.ctx.requestId, ip: o.ctx.ip,
        detail: { number, channel: o.channel, purpose: body.purpose, requested: row.requested_record_ids.length } });
      return row;
    });
  }

  async function present(r: RequestRow, staff: boolean) {
    const key = await settings.hmacKey();
    const [items, decisions, deliveries, reader] = await Promise.all([
      repo.items(db, r.id), repo.decisions(db, r.id), repo.deliveries(db, r.id),
      r.reader_user_id ? db.selectFrom('users').select('username').where('id', '=', r.reader_user_id).executeTakeFirst() : undefined,
    ]);
    return presentRequest(r, { items, decisions, readerUsername: reader?.username ?? null,
      deliveries: deliveries.map((d) => presentDelivery(d, signToken(key, { d: d.id, m: d.mode, e: Math.floor(d.expires_at.getTime() / 1000) }))) }, staff);
  }

  /** The request if the caller may see it; otherwise 404, whether it exists or not. */
  async function visible(id: string, ctx: RequestCtx) {
    const a = authorizeParticipant(ctx.actor);
    const r = await repo.get(db, id);
    if (!r || (!a.staff && r.reader_user_id !== a.userId)) throw notFound();
    return { r, staff: a.staff };
  }

  return {
    async create(body: AccessRequestCreate, ctx: RequestCtx) {
      const a = authorizeParticipant(ctx.actor);
      if (a.staff && !a.roles.includes('reader')) {
        if (!body.applicant) throw new DomainError('access_applicant_required', 400, [{ path: 'applicant', message: '必填 / required' }]);
        checkApplicant(body.applicant);
        const row = await insert({ ...body, applicant: body.applicant }, { channel: 'window', readerId: null, createdBy: a.username, ctx });
        return present(row, true);
      }
      if (body.applicant) checkApplicant(body.applicant);
      await checkFlood(a.userId, ctx.ip);
      const u = await db.selectFrom('users').select('display_name').where('id', '=', a.userId).executeTakeFirstOrThrow();
      const applicant = body.applicant ?? { name: u.display_name, idType: 'other' as const, idNo: '', phone: '' };
      const row = await insert({ ...body, applicant }, { channel: 'online', readerId: a.userId, createdBy: a.username, ctx });
      return present(row, false);
    },

    async publicSubmit(body: PublicRequestCreate, ctx: RequestCtx) {
      checkApplicant(body.applicant);
      await checkFlood(null, ctx.ip);
      const tracking = randomBytes(12).toString('base64url');
      const row = await insert(body, { channel: 'portal', readerId: null, createdBy: 'portal', ctx, tracking });
      return { number: row.number, trackingCode: tracking };
    },

    async publicTrack(number: string, code: string) {
      const r = await repo.byNumber(number);
      if (!r?.tracking_digest || !safeEqual(r.tracking_digest, digest(code))) throw notFound();
      const p = await present(r, false);
      const last = p.decisions.at(-1);
      return {
        number: p.number, status: p.status, purpose: p.purpose, createdAt: p.createdAt, decidedAt: p.decidedAt,
        steps: p.steps.map((s, i) => ({ label: s.label, done: i < p.currentStep })),
        reason: p.status === 'rejected' ? (last?.reason ?? null) : null,
        deliveries: p.deliveries.map((d) => ({ mode: d.mode, expiresAt: d.expiresAt, expired: d.expired, token: d.token })),
      };
    },

    async list(q: { status?: string; queue?: '0' | '1'; q?: string; offset: number; limit: number }, ctx: RequestCtx) {
      const a = authorizeParticipant(ctx.actor);
      let base = db.selectFrom('access_requests as r');
      if (!a.staff) base = base.where('r.reader_user_id', '=', a.userId);
      if (q.status) base = base.where('r.status', '=', q.status as 'reviewing');
      if (q.q) base = base.where((eb) => eb.or([eb('r.number', 'ilike', `%${escapeLike(q.q!)}%`), eb('r.applicant_name', 'ilike', `%${escapeLike(q.q!)}%`)]));
      if (q.queue === '1' && a.staff) base = base.where('r.status', '=', 'reviewing').where(mayDecideSql(a.userId, a.username));
      const [rows, total] = await Promise.all([
        base.selectAll('r').select([
          (eb) => eb.selectFrom('access_request_items as i').whereRef('i.request_id', '=', 'r.id').select((e) => e.fn.countAll<string>().as('n')).as('itemCount'),
          (eb) => eb.selectFrom('users as u').whereRef('u.id', '=', 'r.reader_user_id').select('u.username').as('readerUsername'),
          sql<boolean>`(r.status = 'reviewing' and ${mayDecideSql(a.userId, a.username)})`.as('mayDecide'),
        ]).orderBy('r.created_at', 'desc').offset(q.offset).limit(q.limit).execute(),
        base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(total.n), offset: q.offset, limit: q.limit,
        items: rows.map((r) => {
          const p = presentRequest(r, { items: [], decisions: [], deliveries: [], readerUsername: r.readerUsername ?? null }, a.staff);
          return { id: p.id, number: p.number, channel: p.channel, status: p.status, purpose: p.purpose, applicantName: p.applicantName, idNoMasked: p.idNoMasked, readerUsername: p.readerUsername,
            currentStep: p.currentStep, steps: p.steps, createdAt: p.createdAt, decidedAt: p.decidedAt, itemCount: Number(r.itemCount ?? 0), mayDecide: a.staff && Boolean(r.mayDecide) };
        }),
      };
    },

    async get(id: string, ctx: RequestCtx) {
      const { r, staff } = await visible(id, ctx);
      return present(r, staff);
    },

    async withdraw(id: string, ctx: RequestCtx) {
      const { r } = await visible(id, ctx);
      const out = await db.transaction().execute(async (tx) => {
        const cur = await repo.get(tx, r.id, true);
        if (cur?.status !== 'reviewing') throw new DomainError('access_state', 409);
        const row = await tx.updateTable('access_requests').set({ status: 'withdrawn', updated_at: new Date(), decided_at: new Date() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'access.request.withdraw', outcome: 'success', targetType: 'access_request', targetId: r.id, requestId: ctx.requestId, ip: ctx.ip, detail: { number: r.number } });
        return row;
      });
      return present(out, authorizeParticipant(ctx.actor).staff);
    },
    present, visible,
  };
}
export type RequestService = ReturnType<typeof createRequestService>;

/** The current step is open to this archivist (listed, or nobody listed) and they decided no earlier step. */
export const mayDecideSql = (userId: string, username: string) => sql<boolean>`(
  (jsonb_array_length(r.steps -> r.current_step -> 'approvers') = 0 or (r.steps -> r.current_step -> 'approvers') ? ${username})
  and not exists (select 1 from access_decisions d where d.request_id = r.id and d.actor_id = ${userId}))`;

const digest = (s: string) => createHash('sha256').update(s).digest('hex');
const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
