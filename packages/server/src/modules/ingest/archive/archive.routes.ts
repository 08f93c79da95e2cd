import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARCHIVE_LIMITS, ArchiveReceipt, ArchiveResult, ArchiveSubmission, ArchiveSubmissionsQuery, ArchiveSubmitHeaders, ArchiveVerifyResult, page } from '@lantai/api';
import { DomainError, pickLang } from '../../../http/errors.ts';
import { idempotencyKeyOf, type MultipartPart } from './archive.intake.ts';
import { archiveScope } from './archive.policy.ts';
import type { ArchiveQueries } from './archive.query.ts';
import type { ArchiveService } from './archive.service.ts';

const IdParams = z.object({ id: z.string().uuid() });
const tags = ['archive'];
const config = { tokenScope: 'archive:write' as const };

export interface ArchiveRouteOptions { service: ArchiveService; queries: ArchiveQueries }

/** 单套制 归档 from business systems: submit (multipart), follow submissions, fetch their reports, verify receipts. */
export const archiveRoutes: FastifyPluginAsyncZod<ArchiveRouteOptions> = async (app, o) => {
  // One more file than allowed reaches the spool, which refuses it with archive_too_many_files.
  await app.register(multipart, { limits: { fields: 1, fieldSize: ARCHIVE_LIMITS.maxMetadataBytes, files: ARCHIVE_LIMITS.maxFiles + 1, fileSize: ARCHIVE_LIMITS.maxFileBytes, parts: ARCHIVE_LIMITS.maxFiles + 3 } });

  app.post('/api/archive', {
    schema: {
      operationId: 'archive.submit', tags, consumes: ['multipart/form-data'], headers: ArchiveSubmitHeaders,
      summary: '业务系统归档（单套制）：multipart，先 metadata（DA/T 46 JSON）后文件；Idempotency-Key 请求头；同步四性检测，返回签名回执（接收 200 / 退回 422）',
      response: { 200: ArchiveResult, 422: ArchiveResult },
    },
    config,
  }, async (req, reply) => {
    const scope = archiveScope(req.actor);
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 415);
    const r = await o.service.submit(req.parts() as AsyncIterable<MultipartPart>, key, scope, req.ctx, pickLang(req.headers['accept-language']));
    return reply.code(r.status === 'accepted' ? 200 : 422).send(r);
  });

  app.get('/api/archive/submissions', { schema: { operationId: 'archive.list', tags, summary: '归档接口提交记录（令牌只见自己的）', querystring: ArchiveSubmissionsQuery, response: { 200: page(ArchiveSubmission) } }, config },
    async (req) => o.queries.list(req.query, req.ctx));
  app.get('/api/archive/submissions/:id', { schema: { operationId: 'archive.get', tags, params: IdParams, response: { 200: ArchiveSubmission } }, config },
    async (req) => o.queries.get(req.params.id, req.ctx));
  app.get('/api/archive/submissions/:id/receipt', { schema: { operationId: 'archive.receipt', tags, summary: '签名回执', params: IdParams, response: { 200: ArchiveReceipt.nullable() } }, config },
    async (req) => (await o.queries.receipt(req.params.id, req.ctx)) as never);
  for (const kind of ['json', 'pdf'] as const) {
    app.get(`/api/archive/submissions/:id/report.${kind}`, {
      schema: { operationId: kind === 'json' ? 'archive.reportJson' : 'archive.reportPdf', tags, summary: `四性检测报告（${kind.toUpperCase()}，按摘要校验）`, params: IdParams, produces: [kind === 'json' ? 'application/json' : 'application/pdf'] },
      config,
    }, async (req, reply) => {
      const f = await o.queries.report(req.params.id, kind, req.ctx);
      reply.header('content-type', kind === 'json' ? 'application/json; charset=utf-8' : 'application/pdf').header('x-content-sha256', f.sha256)
        .header('content-disposition', `attachment; filename="${f.filename}"`);
      return reply.send(f.stream);
    });
  }
  app.post('/api/archive/receipts/verify', { schema: { operationId: 'archive.verifyReceipt', tags, summary: '核验回执（摘要、HMAC-SM3 签名、是否为本馆签发）', body: ArchiveReceipt, response: { 200: ArchiveVerifyResult } }, config },
    async (req) => {
      archiveScope(req.actor);
      return o.queries.verify(req.body);
    });
};
