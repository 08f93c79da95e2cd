import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AipEvents, AipImportResult, AipJobStarted, AipList, BagReport } from '@lantai/api';
import { DomainError, forbidden, invalid, notFound } from '../../http/errors.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { actorName, catalogueScope } from '../fonds/fonds.policy.ts';
import { contentDisposition } from '../catalogue/index.ts';
import type { AipService } from './aip.service.ts';
import type { AipImportService } from './aip.import.ts';

const Params = z.object({ id: z.string().uuid() });
// The version is parsed after the role check, so a caller without the role gets 403 whatever the path says.
const VersionParams = z.object({ id: z.string().uuid(), version: z.string().max(40) });
const tags = ['aip'];
const MAX_AIP_BYTES = 64 * 1024 ** 3;

export const aipRoutes: FastifyPluginAsyncZod<{ aips: AipService; importer: AipImportService; jobs: JobQueue }> = async (app, { aips, importer, jobs }) => {
  await app.register(multipart, { limits: { files: 1, fileSize: MAX_AIP_BYTES, fields: 2, fieldSize: 100 } });
  const manage = (ctx: Parameters<typeof catalogueScope>[0]) => {
    if (!catalogueScope(ctx).canManage) throw forbidden();
  };

  app.get('/api/records/:id/aips', { schema: { operationId: 'aips.list', tags, summary: '档案信息包（AIP）版本', params: Params, response: { 200: AipList } } },
    async (req) => aips.list(req.params.id, req.ctx));

  app.get('/api/records/:id/aips/events', { schema: { operationId: 'aips.events', tags, summary: '保存事件（PREMIS）', params: Params, response: { 200: AipEvents } } },
    async (req) => aips.events(req.params.id, req.ctx));

  app.post('/api/records/:id/aips', { schema: { operationId: 'aips.build', tags, summary: '生成新版本 AIP（后台任务；无变化时不生成）', params: Params, response: { 200: AipJobStarted } } }, async (req) => {
    manage(req.ctx.actor);
    await aips.list(req.params.id, req.ctx);
    const jobId = await jobs.enqueue('aip.build', { recordId: req.params.id, requestedBy: actorName(req.ctx.actor) }, { createdBy: actorName(req.ctx.actor) });
    return { jobId };
  });

  app.get('/api/records/:id/aips/:version/content', {
    schema: { operationId: 'aips.download', tags, summary: '下载 AIP（tar，读取时校验 SHA-256）', params: VersionParams, produces: ['application/x-tar'] },
  }, async (req, reply) => {
    manage(req.ctx.actor);
    const version = /^[1-9]\d{0,8}$/.test(req.params.version) ? Number(req.params.version) : null;
    if (version === null) throw notFound();
    const { aip, filename, stream } = await aips.open(req.params.id, version, req.ctx);
    reply.header('content-type', 'application/x-tar').header('content-length', aip.size).header('content-disposition', contentDisposition(filename)).header('x-content-sha256', aip.sha256);
    return reply.send(stream);
  });

  app.post('/api/aips/sweep', { schema: { operationId: 'aips.sweep', tags, summary: '为缺少最新 AIP 的已归档档案生成 AIP', response: { 200: AipJobStarted } } }, async (req) => {
    manage(req.ctx.actor);
    return { jobId: await jobs.enqueue('aip.sweep', { requestedBy: actorName(req.ctx.actor) }, { createdBy: actorName(req.ctx.actor) }) };
  });

  const upload = async (req: FastifyRequest) => {
    if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 415);
    const part = await req.file();
    if (!part) throw invalid([{ path: 'file', message: '缺少文件 / no file' }]);
    return part;
  };

  app.post('/api/aips/validate', { schema: { operationId: 'aips.validate', tags, summary: '校验 BagIt 信息包（tar，multipart: file）', consumes: ['multipart/form-data'], response: { 200: BagReport } } }, async (req) => {
    manage(req.ctx.actor);
    const part = await upload(req);
    return importer.validate(part.file);
  });

  app.post('/api/aips/import', { schema: { operationId: 'aips.import', tags, summary: '导入他馆导出的 AIP（tar，multipart: file）', consumes: ['multipart/form-data'], response: { 200: AipImportResult } } }, async (req) => {
    manage(req.ctx.actor);
    const part = await upload(req);
    return importer.importTar(part.file, req.ctx);
  });
};
