import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeliveryManifest } from '@lantai/api';
import { contentDisposition } from '../catalogue/index.ts';
import type { DeliveryService } from './delivery.service.ts';

const Token = z.string().min(10).max(500);
const tags = ['access'];

/**
 * Delivery links: the signed token is the capability (a reader's own delivery also needs that reader signed in).
 * Nothing is cached by browsers or proxies: each view is rendered, marked and logged.
 */
export const deliveryRoutes: FastifyPluginAsyncZod<{ deliveries: DeliveryService }> = async (app, { deliveries }) => {
  const config = { auth: 'public' as const, rateLimit: { max: 240, timeWindow: '1 minute' } };
  app.get('/api/access/d/:token', { schema: { operationId: 'access.deliveryManifest', tags, summary: '利用交付：可查看的档案与页数', params: z.object({ token: Token }), response: { 200: DeliveryManifest } }, config },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return deliveries.manifest(req.params.token, req.ctx);
    });
  app.get('/api/access/d/:token/files/:fileId/pages/:page', {
    schema: { operationId: 'access.deliveryPage', tags, summary: '带水印的页面图像（JPEG）', params: z.object({ token: Token, fileId: z.string().uuid(), page: z.coerce.number().int().min(1).max(100000) }), produces: ['image/jpeg'] }, config,
  }, async (req, reply) => {
    const jpeg = await deliveries.page(req.params.token, req.params.fileId, req.params.page, req.ctx);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(jpeg);
  });
  app.get('/api/access/d/:token/download', { schema: { operationId: 'access.deliveryDownload', tags, summary: '下载带水印的 PDF（下载或出证交付）', params: z.object({ token: Token }), produces: ['application/pdf'] }, config },
    async (req, reply) => {
      const out = await deliveries.download(req.params.token, req.ctx);
      return reply.header('content-type', 'application/pdf').header('cache-control', 'no-store').header('content-disposition', contentDisposition(out.filename)).send(out.pdf);
    });
};
