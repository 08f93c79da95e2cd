import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArchivalRecord, BatchEdit, Ok, RecordCreate, RecordPage, RecordPatch, RecordQuery, RecordVersion, RenumberBody, TreeCounts } from '@lantai/api';
import type { RecordService } from './record.service.ts';
import type { BatchService } from './record.batch.ts';
import type { createRecordQueries } from './record.query.ts';

const IdParams = z.object({ id: z.string().uuid() });
const tags = ['catalogue'];

export const catalogueRoutes: FastifyPluginAsyncZod<{ records: RecordService; batch: BatchService; queries: ReturnType<typeof createRecordQueries> }> = async (app, o) => {
  app.get('/api/records', { schema: { operationId: 'records.list', tags, summary: '档案目录（筛选、排序、分页）', querystring: RecordQuery, response: { 200: RecordPage } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => o.queries.list(req.query, req.ctx));
  app.post('/api/records', { schema: { operationId: 'records.create', tags, summary: '著录（系统分配件号/案卷号）', body: RecordCreate, response: { 200: ArchivalRecord } }, config: { tokenScope: 'catalogue:write' } },
    async (req) => o.records.create(req.body, req.ctx));
  app.get('/api/records/:id', { schema: { operationId: 'records.get', tags, params: IdParams, response: { 200: ArchivalRecord } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => o.records.get(req.params.id, req.ctx));
  app.patch('/api/records/:id', { schema: { operationId: 'records.update', tags, summary: '修改著录（乐观锁）', params: IdParams, body: RecordPatch, response: { 200: ArchivalRecord } }, config: { tokenScope: 'catalogue:write' } },
    async (req) => o.records.update(req.params.id, req.body, req.ctx));
  app.delete('/api/records/:id', { schema: { operationId: 'records.delete', tags, summary: '删除草稿', params: IdParams, response: { 200: Ok } } }, async (req) => {
    await o.records.remove(req.params.id, req.ctx);
    return { ok: true as const };
  });
  app.get('/api/records/:id/history', { schema: { operationId: 'records.history', tags, summary: '修改历史', params: IdParams, response: { 200: z.object({ items: z.array(RecordVersion) }) } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => o.records.history(req.params.id, req.ctx));
  app.post('/api/records/archive', { schema: { operationId: 'records.archive', tags, summary: '归档（固定档号）', body: z.object({ ids: z.array(z.string().uuid()).min(1).max(5000) }), response: { 200: z.object({ archived: z.number().int() }) } } },
    async (req) => o.records.archive(req.body.ids, req.ctx));
  app.post('/api/records/batch', { schema: { operationId: 'records.batchEdit', tags, summary: '批量修改', body: BatchEdit, response: { 200: z.object({ updated: z.number().int() }) } } },
    async (req) => o.batch.batchEdit(req.body, req.ctx));
  app.post('/api/records/renumber', {
    schema: { operationId: 'records.renumber', tags, summary: '草稿重新编号', body: RenumberBody, response: { 200: z.object({ changed: z.number().int(), changes: z.array(z.object({ id: z.string(), from: z.string(), to: z.string() })) }) } },
  }, async (req) => o.batch.renumber(req.body, req.ctx));
  app.get('/api/categories/:id/tree', { schema: { operationId: 'records.tree', tags, summary: '分类树及数量', params: IdParams, response: { 200: TreeCounts } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => o.queries.tree(req.params.id, req.ctx));
};
