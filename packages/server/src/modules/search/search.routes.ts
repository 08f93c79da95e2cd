import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SearchRequest, SearchResponse, SearchStatus } from '@lantai/api';
import type { SearchService } from './search.service.ts';

const tags = ['search'];

export const searchRoutes: FastifyPluginAsyncZod<{ search: SearchService }> = async (app, { search }) => {
  app.post('/api/search', {
    schema: { operationId: 'search.query', tags, summary: '全文检索（目录与文件内容，分面、高亮）', body: SearchRequest, response: { 200: SearchResponse } },
    config: { tokenScope: 'catalogue:read' },
  }, async (req) => search.query(req.body, req.ctx));
  app.get('/api/search/status', { schema: { operationId: 'search.status', tags, summary: '检索索引状态（文档数、待更新、延迟）', response: { 200: SearchStatus } } },
    async (req) => search.status(req.ctx));
  app.post('/api/search/reindex', {
    schema: { operationId: 'search.reindex', tags, summary: '重建检索索引（后台任务，期间检索照常）', response: { 200: z.object({ jobId: z.string() }) } },
  }, async (req) => search.reindex(req.ctx));
};
