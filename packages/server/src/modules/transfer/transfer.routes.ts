import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  page, Transfer, TransferAttach, TransferCreate, TransferDetail, TransferReceipt, TransferReceiptVerify, TransferReturn, TransfersQuery, TransferUpdate, TransferVersion,
} from '@lantai/api';
import type { TransferDecisions } from './transfer.decide.ts';
import type { TransferService } from './transfer.service.ts';

const IdParams = z.object({ id: z.string().uuid() });
const PackageParams = z.object({ id: z.string().uuid(), packageId: z.string().uuid() });
const tags = ['transfer'];

export interface TransferRouteOptions { transfers: TransferService; decisions: TransferDecisions }

/** 移交接收: the agency prepares and submits 移交单; the archive checks (YJ), accepts or returns; both confirm; 登记表 and signed receipt. */
export const transferRoutes: FastifyPluginAsyncZod<TransferRouteOptions> = async (app, { transfers: t, decisions: d }) => {
  app.get('/api/transfers', { schema: { operationId: 'transfers.list', tags, summary: '移交单列表（立档单位只见本单位全宗）', querystring: TransfersQuery, response: { 200: page(Transfer) } } },
    async (req) => t.list(req.query, req.ctx));
  app.post('/api/transfers', { schema: { operationId: 'transfers.create', tags, summary: '新建移交单（同一幂等键返回同一移交单）', body: TransferCreate, response: { 200: TransferDetail } } },
    async (req) => t.create(req.body, req.ctx));
  app.get('/api/transfers/:id', { schema: { operationId: 'transfers.get', tags, summary: '移交单详情（信息包、各轮检测进度、检验汇总）', params: IdParams, response: { 200: TransferDetail } } },
    async (req) => t.get(req.params.id, req.ctx));
  app.patch('/api/transfers/:id', { schema: { operationId: 'transfers.update', tags, summary: '修改移交单（草稿或退回后）', params: IdParams, body: TransferUpdate, response: { 200: TransferDetail } } },
    async (req) => t.update(req.params.id, req.body, req.ctx));
  app.post('/api/transfers/:id/packages', { schema: { operationId: 'transfers.attach', tags, summary: '附加已上传的信息包（核对 SHA-256，计算 SM3）', params: IdParams, body: TransferAttach, response: { 200: TransferDetail } } },
    async (req) => t.attach(req.params.id, req.body, req.ctx));
  app.post('/api/transfers/:id/packages/:packageId/detach', { schema: { operationId: 'transfers.detach', tags, summary: '移除信息包', params: PackageParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => t.detach(req.params.id, req.params.packageId, req.body.version, req.ctx));
  app.post('/api/transfers/:id/submit', { schema: { operationId: 'transfers.submit', tags, summary: '提交移交（立档单位）', params: IdParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => t.submit(req.params.id, req.body.version, req.ctx));
  app.post('/api/transfers/:id/check', { schema: { operationId: 'transfers.check', tags, summary: '开始移交接收环节（YJ）四性检测，每个信息包一个检测任务', params: IdParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => d.check(req.params.id, req.body.version, req.ctx));
  app.post('/api/transfers/:id/accept', { schema: { operationId: 'transfers.accept', tags, summary: '接收：全部信息包在一个事务中入库（后台任务），生成登记表', params: IdParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => d.accept(req.params.id, req.body.version, req.ctx));
  app.post('/api/transfers/:id/return', { schema: { operationId: 'transfers.return', tags, summary: '退回（须写明理由；不入库，保留检测报告）', params: IdParams, body: TransferReturn, response: { 200: TransferDetail } } },
    async (req) => d.giveBack(req.params.id, req.body.version, req.body.reason, req.ctx));
  app.post('/api/transfers/:id/confirm-agency', { schema: { operationId: 'transfers.confirmAgency', tags, summary: '移交单位确认登记表', params: IdParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => d.confirm(req.params.id, 'agency', req.body.version, req.ctx));
  app.post('/api/transfers/:id/confirm-archive', { schema: { operationId: 'transfers.confirmArchive', tags, summary: '接收单位确认登记表', params: IdParams, body: TransferVersion, response: { 200: TransferDetail } } },
    async (req) => d.confirm(req.params.id, 'archive', req.body.version, req.ctx));
  app.get('/api/transfers/:id/form.pdf', { schema: { operationId: 'transfers.form', tags, summary: '移交接收登记表（PDF，按摘要校验）', params: IdParams, produces: ['application/pdf'] } }, async (req, reply) => {
    const f = await d.formFile(req.params.id, req.ctx);
    reply.header('content-type', 'application/pdf').header('x-content-sha256', f.sha256).header('content-disposition', `attachment; filename="${f.filename}"`);
    return reply.send(f.stream);
  });
  app.get('/api/transfers/:id/receipt', { schema: { operationId: 'transfers.receipt', tags, summary: '签名回执（SM3 摘要 + HMAC-SM3 签名）', params: IdParams, response: { 200: TransferReceipt } } },
    async (req) => d.receipt(req.params.id, req.ctx));
  app.post('/api/transfers/receipts/verify', { schema: { operationId: 'transfers.verifyReceipt', tags, summary: '核验回执', body: TransferReceipt, response: { 200: TransferReceiptVerify } } },
    async (req) => d.verify(req.body, req.ctx));
};
