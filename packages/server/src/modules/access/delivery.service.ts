import { createHmac, randomUUID } from 'node:crypto';
import type { DeliveryMode } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError, forbidden, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { nextNumber } from './access.numbers.ts';
import { authorizeStaff } from './access.policy.ts';
import type { AccessRepository } from './access.repository.ts';
import type { AccessSettings } from './access.settings.ts';
import { PURPOSE_LABELS } from './access.labels.ts';
import { maskIdNo } from './access.mask.ts';
import { buildDeliveryPdf } from './delivery.pdf.ts';
import { verifyToken } from './delivery.token.ts';
import { newMarkId } from './watermark.ts';
import { createPageRenderer, type PageRenderer } from './page-renderer.ts';
import type { RequestService } from './request.service.ts';

type Deps = { db: Db; storage: ObjectStorage; repo: AccessRepository; settings: AccessSettings; requests: Pick<RequestService, 'present'>; renderer?: PageRenderer };

/**
 * Deliveries of approved requests. Every byte a reader receives is a watermarked rendition made on the
 * fly (page-renderer.ts); expiry and revocation are checked on every call, and every view and download is
 * an access_events row plus an audit row, written before the bytes are sent.
 */
export function createDeliveryService({ db, storage, repo, settings, requests, renderer = createPageRenderer(storage) }: Deps) {
  async function resolve(token: string, ctx: RequestCtx) {
    const claims = verifyToken(await settings.hmacKey(), token);
    const d = await db.selectFrom('access_deliveries').selectAll().where('id', '=', claims.d).executeTakeFirst();
    if (!d || d.mode !== claims.m || Math.floor(d.expires_at.getTime() / 1000) !== claims.e) throw new DomainError('delivery_token_invalid', 404);
    const r = (await repo.get(db, d.request_id))!;
    // A reader's own delivery needs that reader signed in (a forwarded link is useless); window and portal
    // deliveries are bearer links handed to a person without an account.
    const a = ctx.actor;
    const staff = a.kind === 'user' && a.roles.includes('archivist');
    if (r.reader_user_id && !staff && !(a.kind === 'user' && a.userId === r.reader_user_id)) throw new DomainError('delivery_token_invalid', 404);
    if (d.revoked_at) throw new DomainError('delivery_revoked', 410);
    if (d.expires_at <= new Date()) throw new DomainError('delivery_expired', 410);
    return { d, r };
  }

  async function log(ctx: RequestCtx, d: { id: string }, kind: 'view' | 'download' | 'certificate', at: { recordId?: string; fileId?: string; page?: number }, number: string) {
    const actor = ctx.actor.kind === 'anonymous' ? 'anonymous' : ctx.actor.username;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('access_events').values({ delivery_id: d.id, kind, record_id: at.recordId ?? null, file_id: at.fileId ?? null, page: at.page ?? null, actor, ip: ctx.ip }).execute();
      await appendAudit(tx, { ...actorAudit(ctx.actor), action: `access.delivery.${kind}`, outcome: 'success', targetType: 'access_delivery', targetId: d.id, requestId: ctx.requestId, ip: ctx.ip,
        detail: { number, ...at } });
    });
  }

  /** The deliverable files of the request's records (access copies first, else originals). */
  async function files(requestId: string) {
    return db.selectFrom('access_request_items as i').innerJoin('records as r', 'r.id', 'i.record_id').innerJoin('record_files as f', 'f.record_id', 'r.id')
      .select(['r.id as recordId', 'r.archival_code as archivalCode', 'r.title', 'f.id as fileId', 'f.filename', 'f.mime', 'f.sha256', 'f.size', 'f.role'])
      .where('i.request_id', '=', requestId).where('f.role', 'in', ['original', 'access']).orderBy('r.archival_code').orderBy('f.created_at').execute();
  }

  const markText = (name: string, number: string) => `${name} · ${number} · ${new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3)}`;

  async function allPages(d: { id: string; request_id: string; mark_id: string }, r: { applicant_name: string; number: string }) {
    const text = markText(r.applicant_name, r.number);
    const out: { recordId: string; archivalCode: string; title: string; pages: { jpeg: Buffer; width: number; height: number }[] }[] = [];
    for (const f of await files(d.request_id)) {
      if (!renderer.deliverable(f.mime)) continue;
      const n = await renderer.pages(f);
      let entry = out.find((o) => o.recordId === f.recordId);
      if (!entry) out.push((entry = { recordId: f.recordId, archivalCode: f.archivalCode, title: f.title, pages: [] }));
      for (let p = 1; p <= n; p++) entry.pages.push(await renderer.render(f, p, { text, markId: d.mark_id }));
    }
    return out;
  }

  return {
    async create(requestId: string, body: { mode: DeliveryMode; days: number }, ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      const row = await db.transaction().execute(async (tx) => {
        const r = await repo.get(tx, requestId, true);
        if (!r) throw notFound();
        if (r.status !== 'approved') throw new DomainError('access_state', 409);
        const expires = new Date(Math.ceil((Date.now() + body.days * 86400_000) / 1000) * 1000);
        const certificateNo = body.mode === 'certified' ? await nextNumber(tx, 'CZ') : null;
        const d = await tx.insertInto('access_deliveries').values({ id: randomUUID(), request_id: r.id, mode: body.mode, expires_at: expires, certificate_no: certificateNo, mark_id: newMarkId(),
          created_by: ctx.actor.kind === 'anonymous' ? '' : ctx.actor.username }).returningAll().executeTakeFirstOrThrow();
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'access.delivery.create', outcome: 'success', targetType: 'access_request', targetId: r.id, requestId: ctx.requestId, ip: ctx.ip,
          detail: { number: r.number, deliveryId: d.id, mode: d.mode, expiresAt: expires.toISOString(), certificateNo, markId: d.mark_id } });
        return r;
      });
      return requests.present((await repo.get(db, row.id))!, true);
    },

    async revoke(deliveryId: string, ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      const requestId = await db.transaction().execute(async (tx) => {
        const d = await tx.updateTable('access_deliveries').set({ revoked_at: new Date() }).where('id', '=', deliveryId).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
        if (!d) throw notFound();
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'access.delivery.revoke', outcome: 'success', targetType: 'access_delivery', targetId: d.id, requestId: ctx.requestId, ip: ctx.ip, detail: {} });
        return d.request_id;
      });
      return requests.present((await repo.get(db, requestId))!, true);
    },

    async manifest(token: string, ctx: RequestCtx) {
      const { d, r } = await resolve(token, ctx);
      const items: { recordId: string; archivalCode: string; title: string; files: { id: string; filename: string; pages: number }[] }[] = [];
      for (const f of await files(d.request_id)) {
        let it = items.find((i) => i.recordId === f.recordId);
        if (!it) items.push((it = { recordId: f.recordId, archivalCode: f.archivalCode, title: f.title, files: [] }));
        if (renderer.deliverable(f.mime)) it.files.push({ id: f.fileId, filename: f.filename, pages: await renderer.pages(f) });
      }
      return { id: d.id, requestNumber: r.number, readerName: r.applicant_name, mode: d.mode, expiresAt: d.expires_at.toISOString(), certificateNo: d.certificate_no, items };
    },

    async page(token: string, fileId: string, page: number, ctx: RequestCtx) {
      const { d, r } = await resolve(token, ctx);
      const f = (await files(d.request_id)).find((x) => x.fileId === fileId);
      if (!f || !renderer.deliverable(f.mime) || page > (await renderer.pages(f))) throw notFound();
      const out = await renderer.render(f, page, { text: markText(r.applicant_name, r.number), markId: d.mark_id });
      await log(ctx, d, 'view', { recordId: f.recordId, fileId, page }, r.number);
      return out.jpeg;
    },

    /** The whole delivery as one PDF: download deliveries, and certified copies (with their certificate page). */
    async download(token: string, ctx: RequestCtx) {
      const { d, r } = await resolve(token, ctx);
      if (d.mode === 'view') throw forbidden('delivery_mode');
      return pdfOf(d, r, ctx, 'download');
    },

    /** The view/download log of a request's deliveries (archivists). */
    async events(requestId: string, ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      if (!(await repo.get(db, requestId))) throw notFound();
      const rows = await db.selectFrom('access_events as e').innerJoin('access_deliveries as d', 'd.id', 'e.delivery_id').selectAll('e')
        .where('d.request_id', '=', requestId).orderBy('e.id', 'desc').limit(1000).execute();
      return { items: rows.map((e) => ({ id: Number(e.id), deliveryId: e.delivery_id, kind: e.kind, recordId: e.record_id, fileId: e.file_id, page: e.page, actor: e.actor, ip: e.ip, at: e.at.toISOString() })) };
    },

    /** Staff print of a certified copy (出证), logged as 'certificate'. */
    async certificate(deliveryId: string, ctx: RequestCtx) {
      authorizeStaff(ctx.actor);
      const d = await db.selectFrom('access_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirst();
      if (!d) throw notFound();
      if (d.mode !== 'certified') throw forbidden('delivery_mode');
      return pdfOf(d, (await repo.get(db, d.request_id))!, ctx, 'certificate');
    },
  };

  async function pdfOf(d: { id: string; request_id: string; mark_id: string; certificate_no: string | null; created_at: Date }, r: NonNullable<Awaited<ReturnType<AccessRepository['get']>>>, ctx: RequestCtx, kind: 'download' | 'certificate') {
    const groups = await allPages(d, r);
    const key = await settings.hmacKey();
    const certificate = d.certificate_no ? {
      certificateNo: d.certificate_no, requestNumber: r.number, applicantName: r.applicant_name, idNoMasked: maskIdNo(r.id_no), purpose: PURPOSE_LABELS[r.purpose as keyof typeof PURPOSE_LABELS] ?? r.purpose,
      issuedAt: d.created_at.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }),
      verifyCode: createHmac('sha256', key).update(`${d.certificate_no}|${d.mark_id}`).digest('hex').slice(0, 12).toUpperCase(),
      items: groups.map((g) => ({ archivalCode: g.archivalCode, title: g.title, pages: g.pages.length })),
    } : undefined;
    const pdf = await buildDeliveryPdf(groups.flatMap((g) => g.pages), { markId: d.mark_id, title: `${r.number} 利用复制件`, dpi: renderer.dpi, certificate });
    await log(ctx, d, kind, {}, r.number);
    return { pdf, filename: `${d.certificate_no ?? r.number}.pdf` };
  }
}
export type DeliveryService = ReturnType<typeof createDeliveryService>;
