import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DecideInput, DecideResult, Ok, OpenCatalogueQuery, OpenRule, OpenRuleInput, PublishResult, ReviewDetail, ReviewPage, ReviewQuery, ScanResult,
  SensitiveTerm, SensitiveTermInput } from '@lantai/api';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { OpenReviewService } from './open-review.service.ts';
import type { PublishService } from './open-review.publish.ts';
import type { SettingsService } from './open-review.settings.ts';

const IdParams = z.object({ id: z.string().uuid() });

export interface OpenReviewRouteOptions { reviews: OpenReviewService; settings: SettingsService; publication: PublishService; jobs: JobQueue }

/** 开放审核: queue, pre-screen hits, staged decisions, 开放目录 publication and export, 敏感词 list and per-门类 rules. */
export const openReviewRoutes: FastifyPluginAsyncZod<OpenReviewRouteOptions> = async (app, { reviews, settings, publication, jobs }) => {
  const tags = ['open-review'];
  app.post('/api/open-review/scan', {
    schema: { operationId: 'openReview.scan', tags, summary: '查找到期（满 25 年或按门类规则）的档案并机器预审，作为后台任务', body: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).default({}), response: { 200: ScanResult } },
  }, async (req) => {
    const s = reviews.authorizeArchivist(req.ctx);
    return { jobId: await jobs.enqueue('open-review.scan', { requestedBy: s.name, asOf: req.body.asOf }, { createdBy: req.actor.kind === 'anonymous' ? undefined : req.actor.userId }) };
  });
  app.get('/api/open-review/reviews', { schema: { operationId: 'openReview.list', tags, summary: '开放审核队列', querystring: ReviewQuery, response: { 200: ReviewPage } } },
    async (req) => reviews.list(req.query, req.ctx));
  app.get('/api/open-review/reviews/:id', { schema: { operationId: 'openReview.get', tags, summary: '审核详情（预审命中、各阶段意见）', params: IdParams, response: { 200: ReviewDetail } } },
    async (req) => reviews.get(req.params.id, req.ctx));
  app.post('/api/open-review/decide', { schema: { operationId: 'openReview.decide', tags, summary: '审核意见（可批量）：初审、移交单位会审、复审', body: DecideInput, response: { 200: DecideResult } } },
    async (req) => reviews.decide(req.body, req.ctx));
  app.post('/api/open-review/publish', { schema: { operationId: 'openReview.publish', tags, summary: '公布开放目录（门户可见）', response: { 200: PublishResult } } },
    async (req) => publication.publish(req.ctx));
  app.get('/api/open-review/catalogue', {
    schema: { operationId: 'openReview.exportCatalogue', tags, summary: '导出开放目录（xlsx / csv）', querystring: OpenCatalogueQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] },
  }, async (req, reply) => {
    const f = await publication.exportCatalogue(req.query.format, req.ctx);
    return reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.body);
  });
  app.get('/api/open-review/terms', { schema: { operationId: 'openReview.terms.list', tags, summary: '敏感词库', response: { 200: z.object({ items: z.array(SensitiveTerm) }) } } },
    async (req) => settings.listTerms(req.ctx));
  app.post('/api/open-review/terms', { schema: { operationId: 'openReview.terms.add', tags, summary: '添加敏感词', body: SensitiveTermInput, response: { 200: SensitiveTerm } } },
    async (req) => settings.addTerm(req.body, req.ctx));
  app.delete('/api/open-review/terms/:id', { schema: { operationId: 'openReview.terms.remove', tags, summary: '删除敏感词', params: IdParams, response: { 200: Ok } } },
    async (req) => settings.removeTerm(req.params.id, req.ctx));
  app.get('/api/open-review/rules', { schema: { operationId: 'openReview.rules.list', tags, summary: '各门类开放期限与会审设置', response: { 200: z.object({ items: z.array(OpenRule) }) } } },
    async (req) => settings.listRules(req.ctx));
  app.put('/api/open-review/rules/:id', { schema: { operationId: 'openReview.rules.put', tags, summary: '设置门类开放期限与会审（id 为门类）', params: IdParams, body: OpenRuleInput, response: { 200: OpenRule } } },
    async (req) => settings.putRule(req.params.id, req.body, req.ctx));
};
