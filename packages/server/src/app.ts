import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from './container.ts';
import { installAuth } from './http/auth.plugin.ts';
import { installErrorHandler, sendError } from './http/error-handler.ts';
import { healthRoutes } from './http/health.routes.ts';
import { actorAudit, authRoutes } from './modules/auth/index.ts';
import { appendAudit, auditRoutes } from './modules/audit/index.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import { catalogueRoutes, recordFileRoutes } from './modules/catalogue/index.ts';
import { accessRoutes, deliveryRoutes } from './modules/access/index.ts';
import { aipRoutes } from './modules/aip/index.ts';
import { fondsRoutes } from './modules/fonds/index.ts';
import { printRoutes } from './modules/catalogue-print/index.ts';
import { catalogueIoRoutes } from './modules/catalogue-io/index.ts';
import { openReviewRoutes } from './modules/open-review/index.ts';
import { preservationRoutes } from './modules/preservation/index.ts';
import { portalRoutes } from './modules/portal/index.ts';
import { searchRoutes } from './modules/search/index.ts';
import { ingestRoutes } from './modules/ingest/index.ts';
import { archiveRoutes } from './modules/ingest/archive/index.ts';
import { transferRoutes } from './modules/transfer/index.ts';
import { VERSION } from './version.ts';

export interface AppOptions {
  logLevel?: string;
  /** Built web app to serve at / (packages/web/dist). */
  webDist?: string;
}

/** The HTTP app over a ready container; tests drive it with inject(). */
export async function buildApp(c: Container, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'info', redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Every API route must be fully declared: schema and operationId (they feed the OpenAPI contract).
  app.addHook('onRoute', (r) => {
    if (r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && !(r.schema as { operationId?: string } | undefined)?.operationId) {
      throw new Error(`route ${r.method} ${r.url} has no operationId`);
    }
  });
  installErrorHandler(app, async (req, err) => {
    await appendAudit(c.db, { ...actorAudit(req.actor ?? { kind: 'anonymous' }), action: `denied:${req.routeOptions.schema?.operationId ?? req.url}`,
      outcome: 'denied', detail: { code: err.code, method: req.method, url: req.url.slice(0, 300) }, requestId: req.id, ip: req.ip });
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: { info: { title: '兰台 Lantai API', version: VERSION, description: '数字档案馆(室)系统 API. Errors are {code, message, requestId, issues?}.' } },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { operationId: 'meta.openapi', hide: true }, config: { auth: 'public' } }, async () => app.swagger());
  installAuth(app, c.auth.resolvers);

  await app.register(healthRoutes, { db: c.db });
  await app.register(authRoutes, { auth: c.auth.auth, tokens: c.auth.tokens, secureCookies: c.config.secureCookies, sessionMinutes: c.config.sessionMinutes });
  await app.register(auditRoutes, { db: c.db, jobs: c.jobs, dataDir: c.config.dataDir });
  await app.register(jobsRoutes, { jobs: c.jobs });
  await app.register(fondsRoutes, c.fonds);
  await app.register(catalogueRoutes, c.catalogue);
  await app.register(recordFileRoutes, { files: c.catalogue.files });
  await app.register(accessRoutes, c.access);
  await app.register(deliveryRoutes, { deliveries: c.access.deliveries });
  await app.register(aipRoutes, { aips: c.aip.aips, importer: c.aip.importer, jobs: c.jobs });
  await app.register(printRoutes, c.print);
  await app.register(catalogueIoRoutes, c.catalogueIo);
  await app.register(openReviewRoutes, c.openReview);
  await app.register(preservationRoutes, { preservation: c.preservation, jobs: c.jobs });
  await app.register(portalRoutes, c.portal);
  await app.register(searchRoutes, { search: c.search.service });
  await app.register(ingestRoutes, c.ingest);
  await app.register(archiveRoutes, c.archive);
  await app.register(transferRoutes, c.transfer);

  const web = opts.webDist && existsSync(path.join(opts.webDist, 'index.html')) ? opts.webDist : undefined;
  if (web) await app.register(fastifyStatic, { root: web, wildcard: false, index: false });
  // Unknown API routes get a JSON error; any other GET is a page of the single-page app.
  app.setNotFoundHandler((req, reply) => {
    if (!web || req.method !== 'GET' || req.url.startsWith('/api/')) return sendError(req, reply, 404, 'route_not_found');
    return reply.sendFile(req.url.startsWith('/portal') ? 'portal.html' : 'index.html');
  });
  return app;
}
