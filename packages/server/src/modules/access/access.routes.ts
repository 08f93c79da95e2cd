import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AccessDecisionBody, AccessEvent, AccessFlow, AccessItemsBody, AccessRequest, AccessRequestCreate, AccessRequestQuery, AccessRequestSummary, AccessStats, DeliveryCreate,
  PublicRequestCreate, PublicSubmitted, PublicTrack, StatsQuery, page,
} from '@lantai/api';
import { contentDisposition } from '../catalogue/index.ts';
import type { AccessModule } from './index.ts';

const IdParams = z.object({ id: z.string().uuid() });
const tags = ['access'];

/** 利用: requests, approvals, flow, statistics, and the portal's submit/track pair. */
export const accessRoutes: FastifyPluginAsyncZod<AccessModule> = async (app, { requests, approvals, deliveries, stats }) => {
  app.post('/api/access/requests', {
    schema: { operationId: 'access.createRequest', tags, summary: '提交查档申请（读者本人；档案员可代窗口读者登记）', body: AccessRequestCreate, response: { 200: AccessRequest } },
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
  }, async (req) => requests.create(req.body, req.ctx));
  app.get('/api/access/requests', { schema: { operationId: 'access.listRequests', tags, summary: '申请列表（读者：本人的；档案员：全部，queue=1 待我审批）', querystring: AccessRequestQuery, response: { 200: page(AccessRequestSummary) } } },
    async (req) => requests.list(req.query, req.ctx));
  app.get('/api/access/requests/:id', { schema: { operationId: 'access.getRequest', tags, params: IdParams, response: { 200: AccessRequest } } },
    async (req) => requests.get(req.params.id, req.ctx));
  app.post('/api/access/requests/:id/withdraw', { schema: { operationId: 'access.withdrawRequest', tags, summary: '撤回申请', params: IdParams, response: { 200: AccessRequest } } },
    async (req) => requests.withdraw(req.params.id, req.ctx));
  app.put('/api/access/requests/:id/items', { schema: { operationId: 'access.setItems', tags, summary: '关联档案（受理环节）', params: IdParams, body: AccessItemsBody, response: { 200: AccessRequest } } },
    async (req) => approvals.setItems(req.params.id, req.body.recordIds, req.ctx));
  app.post('/api/access/requests/:id/decisions', { schema: { operationId: 'access.decide', tags, summary: '审批（批准/不予批准，附理由）', params: IdParams, body: AccessDecisionBody, response: { 200: AccessRequest } } },
    async (req) => approvals.decide(req.params.id, req.body, req.ctx));
  app.post('/api/access/requests/:id/reveal', { schema: { operationId: 'access.revealIdentity', tags, summary: '查看完整证件号码（记入审计）', params: IdParams, response: { 200: z.object({ idNo: z.string(), phone: z.string() }) } } },
    async (req) => approvals.reveal(req.params.id, req.ctx));
  app.get('/api/access/requests/:id/events', { schema: { operationId: 'access.listEvents', tags, summary: '查看/下载记录', params: IdParams, response: { 200: z.object({ items: z.array(AccessEvent) }) } } },
    async (req) => deliveries.events(req.params.id, req.ctx));
  app.post('/api/access/requests/:id/deliveries', { schema: { operationId: 'access.createDelivery', tags, summary: '交付：在线查看/下载（限期）或出证', params: IdParams, body: DeliveryCreate, response: { 200: AccessRequest } } },
    async (req) => deliveries.create(req.params.id, req.body, req.ctx));
  app.post('/api/access/deliveries/:id/revoke', { schema: { operationId: 'access.revokeDelivery', tags, params: IdParams, response: { 200: AccessRequest } } },
    async (req) => deliveries.revoke(req.params.id, req.ctx));
  app.get('/api/access/deliveries/:id/certificate', { schema: { operationId: 'access.certificate', tags, summary: '打印出证复制件（含编号证明页）', params: IdParams, produces: ['application/pdf'] } },
    async (req, reply) => {
      const out = await deliveries.certificate(req.params.id, req.ctx);
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(out.filename)).header('cache-control', 'no-store').send(out.pdf);
    });

  app.get('/api/access/flow', { schema: { operationId: 'access.getFlow', tags, summary: '审批流程配置', response: { 200: AccessFlow } } }, async (req) => approvals.getFlow(req.ctx));
  app.put('/api/access/flow', { schema: { operationId: 'access.setFlow', tags, body: AccessFlow, response: { 200: AccessFlow } } }, async (req) => approvals.setFlow(req.body, req.ctx));

  app.get('/api/access/stats', { schema: { operationId: 'access.stats', tags, summary: '利用统计', querystring: StatsQuery, response: { 200: AccessStats } } }, async (req) => stats.stats(req.query, req.ctx));
  app.get('/api/access/stats/export', { schema: { operationId: 'access.statsExport', tags, summary: '利用统计导出 xlsx', querystring: StatsQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } },
    async (req, reply) => {
      const buf = await stats.xlsx(req.query, req.ctx);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`利用统计-${req.query.from}-${req.query.to}.xlsx`)).send(buf);
    });

  // The public portal: submit without an account, follow with the number and the tracking code.
  app.post('/api/access/public/requests', {
    schema: { operationId: 'access.publicSubmit', tags, summary: '门户网上查档申请（无需登录；返回编号与查询码）', body: PublicRequestCreate, response: { 200: PublicSubmitted } },
    config: { auth: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req) => requests.publicSubmit(req.body, req.ctx));
  app.get('/api/access/public/requests/:number', {
    schema: { operationId: 'access.publicTrack', tags, summary: '门户查询申请进度', params: z.object({ number: z.string().max(40) }), querystring: z.object({ code: z.string().max(64) }), response: { 200: PublicTrack } },
    config: { auth: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
  }, async (req) => requests.publicTrack(req.params.number, req.query.code));
};
