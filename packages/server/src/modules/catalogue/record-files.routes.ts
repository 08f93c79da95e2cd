import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Ok, RecordFile } from '@lantai/api';
import { DomainError, invalid } from '../../http/errors.ts';
import { isStorageError } from '../../platform/storage/index.ts';
import type { RecordFileService } from './record-files.service.ts';

const Params = z.object({ id: z.string().uuid() });
const FileParams = z.object({ id: z.string().uuid(), fileId: z.string().uuid() });
const tags = ['catalogue'];
export const MAX_FILE_BYTES = 4 * 1024 ** 3;

/** RFC 5987: Chinese file names survive in every browser. */
export const contentDisposition = (name: string, inline = false) =>
  `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const recordFileRoutes: FastifyPluginAsyncZod<{ files: RecordFileService }> = async (app, { files }) => {
  await app.register(multipart, { limits: { files: 1, fileSize: MAX_FILE_BYTES, fields: 5, fieldSize: 1000 } });

  app.post('/api/records/:id/files', {
    schema: { operationId: 'records.addFile', tags, summary: '上传电子文件（multipart: file；可选 sha256 字段先于文件发送）', params: Params, consumes: ['multipart/form-data'], response: { 200: RecordFile } },
  }, async (req) => {
    await files.precheck(req.params.id, req.ctx);
    if (!req.isMultipart()) throw new DomainError('unsupported_media_type', 415);
    const part = await req.file();
    if (!part) throw invalid([{ path: 'file', message: '缺少文件 / no file' }]);
    const sha = (part.fields.sha256 as { value?: string } | undefined)?.value;
    try {
      const out = await files.add(req.params.id, { filename: part.filename, stream: part.file, expectedSha256: sha?.toLowerCase() }, req.ctx);
      if (part.file.truncated) throw new DomainError('body_too_large', 413);
      return out;
    } catch (e) {
      if (isStorageError(e, 'storage_digest_mismatch')) throw new DomainError('storage_digest_mismatch', 400);
      if (isStorageError(e, 'storage_invalid_key')) throw invalid([{ path: 'sha256', message: '不是 64 位十六进制 / not 64 hex digits' }]);
      throw e;
    }
  });

  app.get('/api/records/:id/files', { schema: { operationId: 'records.listFiles', tags, params: Params, response: { 200: z.object({ items: z.array(RecordFile) }) } } },
    async (req) => files.list(req.params.id, req.ctx));

  app.get('/api/records/:id/files/:fileId/content', {
    schema: { operationId: 'records.fileContent', tags, summary: '下载电子文件（读取时校验 SHA-256）', params: FileParams, querystring: z.object({ inline: z.enum(['0', '1']).optional() }), produces: ['application/octet-stream'] },
  }, async (req, reply) => {
    const { file, stream } = await files.open(req.params.id, req.params.fileId, req.ctx);
    reply.header('content-type', file.mime).header('content-length', file.size).header('content-disposition', contentDisposition(file.filename, req.query.inline === '1'));
    reply.header('x-content-sha256', file.sha256);
    return reply.send(stream);
  });

  app.delete('/api/records/:id/files/:fileId', { schema: { operationId: 'records.deleteFile', tags, params: FileParams, response: { 200: Ok } } }, async (req) => {
    await files.remove(req.params.id, req.params.fileId, req.ctx);
    return { ok: true as const };
  });
};
