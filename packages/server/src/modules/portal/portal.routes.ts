import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Notice, NoticeInput, NoticePatch, Ok, PortalFilePages, PortalFonds, PortalRecord, PortalSearchQuery, PortalSearchResult, PublicNotice } from '@lantai/api';
import { DomainError } from '../../http/errors.ts';
import { iiifInfo, parseIiif } from './iiif.params.ts';
import type { IiifSource } from './iiif.source.ts';
import type { NoticesService } from './notices.service.ts';
import type { PortalService, PublicAnswer } from './portal.service.ts';

export interface PortalRouteOptions { portal: PortalService; notices: NoticesService; iiif: IiifSource; rateLimitPerMinute: number }

const Id = z.object({ id: z.string().max(64) });
const Ident = z.object({ ident: z.string().max(80) });

/**
 * The public portal's API under /api/public (no login, rate-limited per IP) and the archivist's notice editor.
 * Ids are plain strings here: a malformed id is the same 404 as a missing or unopened record.
 */
export const portalRoutes: FastifyPluginAsyncZod<PortalRouteOptions> = async (app, { portal, notices, iiif, rateLimitPerMinute }) => {
  const tags = ['portal'];
  const config = { auth: 'public' as const, rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } };
  // Anonymous, high-volume reads: no per-request info lines (as /healthz); errors and refusals are still logged.
  const quiet = 'warn';
  const cached = (seconds: number) => ({ 'cache-control': `public, max-age=${seconds}` });
  /** A ready JSON answer with its ETag; a matching If-None-Match gets 304 and no body. */
  const answer = (req: FastifyRequest, reply: FastifyReply, a: PublicAnswer, seconds: number) => {
    reply.headers(cached(seconds)).header('etag', a.etag);
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(a.json);
  };

  app.get('/api/public/records', { schema: { operationId: 'portal.search', tags, summary: '门户：检索已开放档案', querystring: PortalSearchQuery, response: { 200: PortalSearchResult } }, config, logLevel: quiet },
    async (req, reply) => answer(req, reply, await portal.search(req.query), 60));
  app.get('/api/public/records/:id', { schema: { operationId: 'portal.record', tags, summary: '门户：已开放档案详情（未开放与不存在同为 404）', params: Id, response: { 200: PortalRecord } }, config, logLevel: quiet },
    async (req, reply) => answer(req, reply, await portal.record(req.params.id), 60));
  app.get('/api/public/fonds', { schema: { operationId: 'portal.fonds', tags, summary: '门户：有开放档案的全宗', response: { 200: z.object({ items: z.array(PortalFonds) }) } }, config, logLevel: quiet },
    async (req, reply) => answer(req, reply, await portal.fonds(), 300));
  app.get('/api/public/files/:id/pages', { schema: { operationId: 'portal.filePages', tags, summary: '门户：文件页数与各页 IIIF 服务', params: Id, response: { 200: PortalFilePages } }, config, logLevel: quiet },
    async (req, reply) => {
      const f = await portal.file(req.params.id);
      const n = await iiif.pages(f);
      return reply.headers(cached(300)).send({ pages: n, iiif: Array.from({ length: n }, (_, i) => `/api/public/iiif/${f.id}~${i + 1}/info.json`) });
    });

  /** `<fileId>~<page>` → the published file and the 1-based page; anything else is 404. */
  async function resolve(ident: string) {
    const m = /^([0-9a-f-]{36})~(\d{1,5})$/i.exec(ident);
    const f = await portal.file(m?.[1] ?? '');
    const page = Number(m![2]);
    if (page < 1 || page > (await iiif.pages(f))) throw new DomainError('not_found', 404);
    return { f, raster: await iiif.raster(f, page) };
  }
  app.get('/api/public/iiif/:ident/info.json', { schema: { operationId: 'portal.iiifInfo', tags, summary: 'IIIF Image API 3 info.json（一页）', params: Ident }, config, logLevel: quiet },
    async (req, reply) => {
      const { raster } = await resolve(req.params.ident);
      const base = `${req.protocol}://${req.host}/api/public/iiif/${encodeURIComponent(req.params.ident)}`;
      return reply.headers(cached(3600)).header('content-type', 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"')
        .header('access-control-allow-origin', '*').send(JSON.stringify(iiifInfo(base, raster.width, raster.height)));
    });
  app.get('/api/public/iiif/:ident/:region/:size/:rotation/:qf', {
    schema: { operationId: 'portal.iiifImage', tags, summary: 'IIIF Image API 3 图像（区域/尺寸/旋转/质量.格式）', params: Ident.extend({ region: z.string().max(60), size: z.string().max(30), rotation: z.string().max(5), qf: z.string().max(20) }),
      produces: ['image/jpeg', 'image/png', 'image/webp'] }, config, logLevel: quiet,
  }, async (req, reply) => {
    const { raster } = await resolve(req.params.ident);
    const q = parseIiif(req.params.region, req.params.size, req.params.rotation, req.params.qf, raster.width, raster.height);
    if (!q) throw new DomainError('iiif_bad_request', 400);
    const body = await iiif.render(raster, q);
    return reply.headers(cached(86_400)).header('access-control-allow-origin', '*').header('content-type', q.format === 'jpg' ? 'image/jpeg' : `image/${q.format}`).send(body);
  });

  app.get('/api/public/notices', { schema: { operationId: 'portal.notices', tags, summary: '门户：通知公告', response: { 200: z.object({ items: z.array(PublicNotice) }) } }, config, logLevel: quiet },
    async (req, reply) => reply.headers(cached(60)).send(await notices.listPublic()));
  app.get('/api/public/notices/:id', { schema: { operationId: 'portal.notice', tags, summary: '门户：通知公告详情', params: Id, response: { 200: PublicNotice } }, config, logLevel: quiet },
    async (req) => notices.getPublic(req.params.id));

  const ntags = ['notices'];
  const NoticeId = z.object({ id: z.string().uuid() });
  app.get('/api/notices', { schema: { operationId: 'notices.list', tags: ntags, summary: '通知公告管理', response: { 200: z.object({ items: z.array(Notice) }) } } },
    async (req) => notices.list(req.ctx));
  app.post('/api/notices', { schema: { operationId: 'notices.create', tags: ntags, summary: '新建通知公告（纯文本）', body: NoticeInput, response: { 200: Notice } } },
    async (req) => notices.create(req.body, req.ctx));
  app.patch('/api/notices/:id', { schema: { operationId: 'notices.update', tags: ntags, params: NoticeId, body: NoticePatch, response: { 200: Notice } } },
    async (req) => notices.update(req.params.id, req.body, req.ctx));
  app.delete('/api/notices/:id', { schema: { operationId: 'notices.delete', tags: ntags, params: NoticeId, response: { 200: Ok } } },
    async (req) => notices.remove(req.params.id, req.ctx));
};
