import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ImportEncoding, ImportErrorsQuery, ImportJobStarted, ImportPreview, ImportPreviewQuery, ImportRowIssue, ImportTemplate, ImportTemplateBody,
  ImportValidateBody, ImportView, ImportsQuery, Ok, RecordExportQuery, page,
} from '@lantai/api';
import { DomainError, invalid } from '../../http/errors.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';
import type { createExportService } from './export.service.ts';
import { importFile } from './import.pass.ts';
import type { ImportService } from './import.service.ts';

const IdParams = z.object({ id: z.string().uuid() });
const tags = ['catalogue-io'];
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** Maps multipart's own failures to the API's error codes. */
function uploadError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return new DomainError('body_too_large', 413);
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new DomainError('unsupported_media_type', 415);
  return e;
}

export interface CatalogueIoRouteOptions {
  imports: Pick<ImportService, 'register' | 'checkCategory' | 'list' | 'get' | 'remove' | 'preview' | 'startValidate' | 'errors' | 'startCommit' | 'getTemplate' | 'putTemplate'>;
  exports: ReturnType<typeof createExportService>;
  dataDir: string;
  /** Largest upload accepted (default 2 GiB). */
  maxUploadBytes?: number;
}

export const catalogueIoRoutes: FastifyPluginAsyncZod<CatalogueIoRouteOptions> = async (app, o) => {
  // Multipart only for this plugin's routes; the file streams to disk and never sits in memory.
  await app.register(multipart, { limits: { fileSize: o.maxUploadBytes ?? MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 } });

  app.post('/api/imports', {
    schema: {
      operationId: 'imports.upload', tags, summary: '上传导入文件（multipart: file, categoryId[, encoding]）', consumes: ['multipart/form-data'],
      querystring: z.object({ categoryId: z.string().uuid().optional(), encoding: ImportEncoding.optional() }), response: { 200: ImportView },
    },
  }, async (req) => {
    catalogueScope(req.actor);
    await fs.mkdir(importFile(o.dataDir, ''), { recursive: true });
    const tmp = importFile(o.dataDir, `.upload-${randomUUID()}`);
    const f: { categoryId?: string; encoding?: string; filename?: string } = { ...req.query };
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'categoryId' || part.fieldname === 'encoding') f[part.fieldname] = String(part.value);
          continue;
        }
        if (f.filename !== undefined) { part.file.resume(); continue; }
        // Refuse early (before the bytes) when the category came first and is not the caller's.
        if (f.categoryId && z.string().uuid().safeParse(f.categoryId).success) await o.imports.checkCategory(f.categoryId, req.ctx);
        f.filename = part.filename || 'upload';
        await pipeline(part.file, createWriteStream(tmp));
        if (part.file.truncated) throw new DomainError('body_too_large', 413);
      }
      const categoryId = z.string().uuid().safeParse(f.categoryId);
      const encoding = ImportEncoding.optional().safeParse(f.encoding || undefined);
      if (f.filename === undefined) throw invalid([{ path: 'file', message: '请选择文件 / a file is required' }]);
      if (!categoryId.success) throw invalid([{ path: 'categoryId', message: '缺少门类 / categoryId is required' }]);
      if (!encoding.success) throw invalid([{ path: 'encoding', message: '不支持的编码 / unsupported encoding' }]);
      return await o.imports.register({ tmpPath: tmp, filename: f.filename, categoryId: categoryId.data, encoding: encoding.data }, req.ctx);
    } catch (e) {
      throw uploadError(e);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  });

  app.get('/api/imports', { schema: { operationId: 'imports.list', tags, summary: '导入任务列表', querystring: ImportsQuery, response: { 200: z.object({ items: z.array(ImportView) }) } } },
    async (req) => o.imports.list(req.query, req.ctx));
  app.get('/api/imports/:id', { schema: { operationId: 'imports.get', tags, params: IdParams, response: { 200: ImportView } } },
    async (req) => o.imports.get(req.params.id, req.ctx));
  app.delete('/api/imports/:id', { schema: { operationId: 'imports.delete', tags, summary: '放弃导入（删除上传的文件）', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await o.imports.remove(req.params.id, req.ctx);
    return { ok: true as const };
  });
  app.get('/api/imports/:id/preview', {
    schema: { operationId: 'imports.preview', tags, summary: '预览前 20 行与建议的列对应', params: IdParams, querystring: ImportPreviewQuery, response: { 200: ImportPreview } },
  }, async (req) => o.imports.preview(req.params.id, req.query.encoding, req.ctx));
  app.post('/api/imports/:id/validate', {
    schema: { operationId: 'imports.validate', tags, summary: '校验（后台任务，逐行报告错误）', params: IdParams, body: ImportValidateBody, response: { 200: ImportJobStarted } },
  }, async (req) => o.imports.startValidate(req.params.id, req.body, req.ctx));
  app.get('/api/imports/:id/errors', {
    schema: { operationId: 'imports.errors', tags, summary: '校验发现的问题（按行）', params: IdParams, querystring: ImportErrorsQuery, response: { 200: page(ImportRowIssue) } },
  }, async (req) => o.imports.errors(req.params.id, req.query, req.ctx));
  app.post('/api/imports/:id/commit', {
    schema: { operationId: 'imports.commit', tags, summary: '提交导入（后台任务，全部成功或全部不导入）', params: IdParams, response: { 200: ImportJobStarted } },
  }, async (req) => o.imports.startCommit(req.params.id, req.ctx));

  app.get('/api/import-templates', {
    schema: { operationId: 'importTemplates.get', tags, summary: '门类记住的列对应', querystring: z.object({ categoryId: z.string().uuid() }), response: { 200: ImportTemplate } },
  }, async (req) => o.imports.getTemplate(req.query.categoryId, req.ctx));
  app.put('/api/import-templates', { schema: { operationId: 'importTemplates.put', tags, summary: '保存门类的列对应', body: ImportTemplateBody, response: { 200: ImportTemplate } } },
    async (req) => o.imports.putTemplate(req.body, req.ctx));

  app.get('/api/records/export', {
    schema: { operationId: 'records.export', tags: ['catalogue'], summary: '导出筛选结果（xlsx / csv，流式）', querystring: RecordExportQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] },
    config: { tokenScope: 'catalogue:read' },
  }, async (req, reply) => {
    const { stream, filename, contentType } = await o.exports.open(req.query, req.ctx);
    const ascii = filename.replace(/[^\x20-\x7e]/g, '_');
    reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return reply.send(stream);
  });
};
