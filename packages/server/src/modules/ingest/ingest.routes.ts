import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IngestChunkQuery, IngestChunkResult, IngestConfigPut, IngestConfigView, IngestDecision, IngestRecordRuns, IngestReportPage, IngestReportQuery,
  IngestRun, IngestRunCreate, IngestRunsQuery, IngestStageParams, IngestUpload, IngestUploadCreate, Ok, page,
} from '@lantai/api';
import type { RunService } from './run.service.ts';
import type { UploadService } from './upload.service.ts';

const IdParams = z.object({ id: z.string().uuid() });
/** The stage is checked after the caller's role (an unknown stage is 404), so refusals come before validation. */
const StageParams = z.object({ stage: z.string().max(40).describe(IngestStageParams.shape.stage.options.join(' | ')) });
const tags = ['ingest'];

export interface IngestRouteOptions { uploads: UploadService; runs: RunService }

/** Package intake: chunked uploads, 四性检测 runs with their reports, accept/reject, the check configuration. */
export const ingestRoutes: FastifyPluginAsyncZod<IngestRouteOptions> = async (app, o) => {
  // Chunk bodies stay a stream: they go to disk as they arrive, never whole into memory.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.post('/api/ingest/uploads', { schema: { operationId: 'ingest.createUpload', tags, summary: '开始分块上传（同一幂等键返回同一上传）', body: IngestUploadCreate, response: { 200: IngestUpload } } },
    async (req) => o.uploads.create(req.body, req.ctx));
  app.get('/api/ingest/uploads/:id', { schema: { operationId: 'ingest.getUpload', tags, summary: '上传状态（续传从 received 开始）', params: IdParams, response: { 200: IngestUpload } } },
    async (req) => o.uploads.get(req.params.id, req.ctx));
  app.put('/api/ingest/uploads/:id/chunk', {
    schema: { operationId: 'ingest.putChunk', tags, summary: '上传一个分块（application/octet-stream，offset = 已接收字节数）', consumes: ['application/octet-stream'], params: IdParams, querystring: IngestChunkQuery, response: { 200: IngestChunkResult } },
  }, async (req) => {
    const len = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : undefined;
    return o.uploads.putChunk(req.params.id, req.query.offset, req.body as NodeJS.ReadableStream as never, len, req.ctx);
  });
  app.post('/api/ingest/uploads/:id/complete', { schema: { operationId: 'ingest.completeUpload', tags, summary: '完成上传（核对大小与 SHA-256）', params: IdParams, response: { 200: IngestUpload } } },
    async (req) => o.uploads.complete(req.params.id, req.ctx));
  app.delete('/api/ingest/uploads/:id', { schema: { operationId: 'ingest.abortUpload', tags, summary: '放弃上传（删除已收的字节）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await o.uploads.abort(req.params.id, req.ctx);
    return { ok: true as const };
  });

  app.post('/api/ingest/runs', { schema: { operationId: 'ingest.createRun', tags, summary: '对上传的信息包进行四性检测（后台任务）', body: IngestRunCreate, response: { 200: IngestRun } } },
    async (req) => o.runs.create(req.body, req.ctx));
  app.get('/api/ingest/runs', { schema: { operationId: 'ingest.listRuns', tags, summary: '检测任务列表', querystring: IngestRunsQuery, response: { 200: page(IngestRun) } } },
    async (req) => o.runs.list(req.query, req.ctx));
  app.get('/api/ingest/runs/:id', { schema: { operationId: 'ingest.getRun', tags, summary: '检测任务（含进度）', params: IdParams, response: { 200: IngestRun } } },
    async (req) => o.runs.get(req.params.id, req.ctx));
  app.get('/api/ingest/runs/:id/report', { schema: { operationId: 'ingest.report', tags, summary: '检测报告（逐项结果与证据）', params: IdParams, querystring: IngestReportQuery, response: { 200: IngestReportPage } } },
    async (req) => o.runs.report(req.params.id, req.query, req.ctx));
  for (const kind of ['json', 'pdf'] as const) {
    app.get(`/api/ingest/runs/:id/report.${kind}`, {
      schema: { operationId: kind === 'json' ? 'ingest.reportJson' : 'ingest.reportPdf', tags, summary: `存档的检测报告（${kind.toUpperCase()}，按摘要校验）`, params: IdParams, produces: [kind === 'json' ? 'application/json' : 'application/pdf'] },
    }, async (req, reply) => {
      const f = await o.runs.reportFile(req.params.id, kind, req.ctx);
      reply.header('content-type', kind === 'json' ? 'application/json; charset=utf-8' : 'application/pdf').header('x-content-sha256', f.sha256)
        .header('content-disposition', `attachment; filename="${f.filename}"`);
      return reply.send(f.stream);
    });
  }
  app.post('/api/ingest/runs/:id/accept', { schema: { operationId: 'ingest.accept', tags, summary: '接收：生成档案与文件（后台任务，一个事务）', params: IdParams, body: IngestDecision, response: { 200: IngestRun } } },
    async (req) => o.runs.decide(req.params.id, 'accept', req.body.reason, req.ctx));
  app.post('/api/ingest/runs/:id/reject', { schema: { operationId: 'ingest.reject', tags, summary: '退回：不做任何改动，保留报告', params: IdParams, body: IngestDecision, response: { 200: IngestRun } } },
    async (req) => o.runs.decide(req.params.id, 'reject', req.body.reason, req.ctx));
  app.get('/api/records/:id/ingest-runs', { schema: { operationId: 'ingest.recordRuns', tags, summary: '档案来自哪次检测接收（报告链接）', params: IdParams, response: { 200: IngestRecordRuns } } },
    async (req) => o.runs.recordRuns(req.params.id, req.ctx));
  app.get('/api/ingest/config/:stage', { schema: { operationId: 'ingest.getConfig', tags, summary: '检测方案（各项开关与阈值）', params: StageParams, response: { 200: IngestConfigView } } },
    async (req) => o.runs.getConfig(req.params.stage as never, req.ctx));
  app.put('/api/ingest/config/:stage', { schema: { operationId: 'ingest.putConfig', tags, summary: '修改检测方案（生成新版本）', params: StageParams, body: IngestConfigPut, response: { 200: IngestConfigView } } },
    async (req) => o.runs.putConfig(req.params.stage as never, req.body, req.ctx));
};
