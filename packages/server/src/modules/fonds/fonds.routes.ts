import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category, CategoryInput, ExtraField, Fonds, FondsInput, FondsPatch, Scheme, SchemeBody, SchemeDraftUpdate } from '@lantai/api';
import type { FondsService } from './fonds.service.ts';
import type { SchemeService } from '../scheme/scheme.service.ts';

const IdParams = z.object({ id: z.string().uuid() });

/** 全宗, 门类 and their versioned 三合一 schemes. */
export const fondsRoutes: FastifyPluginAsyncZod<{ fonds: FondsService; schemes: SchemeService }> = async (app, { fonds, schemes }) => {
  const tags = ['fonds'];
  app.get('/api/fonds', { schema: { operationId: 'fonds.list', tags, summary: '全宗列表', response: { 200: z.object({ items: z.array(Fonds) }) } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => fonds.list(req.ctx));
  app.post('/api/fonds', { schema: { operationId: 'fonds.create', tags, summary: '新建全宗', body: FondsInput, response: { 200: Fonds } } },
    async (req) => fonds.create(req.body, req.ctx));
  app.get('/api/fonds/:id', { schema: { operationId: 'fonds.get', tags, params: IdParams, response: { 200: Fonds } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => fonds.get(req.params.id, req.ctx));
  app.patch('/api/fonds/:id', { schema: { operationId: 'fonds.update', tags, params: IdParams, body: FondsPatch, response: { 200: Fonds } } },
    async (req) => fonds.update(req.params.id, req.body, req.ctx));

  const ctags = ['scheme'];
  app.get('/api/fonds/:id/categories', { schema: { operationId: 'categories.list', tags: ctags, summary: '门类列表', params: IdParams, response: { 200: z.object({ items: z.array(Category) }) } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => schemes.listCategories(req.params.id, req.ctx));
  app.post('/api/fonds/:id/categories', { schema: { operationId: 'categories.create', tags: ctags, summary: '新建门类（可用内置方案模板）', params: IdParams, body: CategoryInput, response: { 200: Category } } },
    async (req) => schemes.createCategory(req.params.id, req.body, req.ctx));
  app.get('/api/categories/:id', { schema: { operationId: 'categories.get', tags: ctags, params: IdParams, response: { 200: Category } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => schemes.getCategory(req.params.id, req.ctx));
  app.put('/api/categories/:id/fields', {
    schema: { operationId: 'categories.setFields', tags: ctags, summary: '门类扩展字段', params: IdParams, body: z.object({ extraFields: z.array(ExtraField).max(100), version: z.number().int() }), response: { 200: Category } },
  }, async (req) => schemes.updateExtraFields(req.params.id, req.body.extraFields, req.body.version, req.ctx));
  app.get('/api/categories/:id/schemes', { schema: { operationId: 'schemes.list', tags: ctags, summary: '方案版本', params: IdParams, response: { 200: z.object({ items: z.array(Scheme) }) } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => schemes.listSchemes(req.params.id, req.ctx));
  app.post('/api/categories/:id/schemes', {
    schema: { operationId: 'schemes.createDraft', tags: ctags, summary: '新建方案草稿', params: IdParams, body: z.object({ body: SchemeBody.optional(), note: z.string().max(2000).default('') }), response: { 200: Scheme } },
  }, async (req) => schemes.createDraft(req.params.id, req.body.body, req.body.note, req.ctx));
  app.get('/api/schemes/:id', { schema: { operationId: 'schemes.get', tags: ctags, params: IdParams, response: { 200: Scheme } }, config: { tokenScope: 'catalogue:read' } },
    async (req) => schemes.getScheme(req.params.id, req.ctx));
  app.put('/api/schemes/:id', {
    schema: { operationId: 'schemes.updateDraft', tags: ctags, summary: '修改方案草稿（乐观锁：editVersion）', params: IdParams, body: SchemeDraftUpdate, response: { 200: Scheme } },
  }, async (req) => schemes.updateDraft(req.params.id, req.body.body, req.body.note, req.body.editVersion, req.ctx));
  app.post('/api/schemes/:id/approve', { schema: { operationId: 'schemes.approve', tags: ctags, summary: '批准方案（须非起草人）', params: IdParams, response: { 200: Scheme } } },
    async (req) => schemes.approve(req.params.id, req.ctx));
};
