import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { Health } from '@lantai/api';
import type { Db } from '../platform/db/database.ts';
import { VERSION } from '../version.ts';

/** Liveness answers from memory; readiness asks the database. */
export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/healthz', { schema: { operationId: 'health.live', tags: ['health'], response: { 200: Health } }, config: { auth: 'public' }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const, version: VERSION }));
  app.get('/readyz', { schema: { operationId: 'health.ready', tags: ['health'], response: { 200: Health, 503: Health } }, config: { auth: 'public' }, logLevel: 'warn' },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(db);
        return { status: 'ok' as const, version: VERSION, checks: { database: 'ok' } };
      } catch (e) {
        return reply.status(503).send({ status: 'fail' as const, version: VERSION, checks: { database: e instanceof Error ? e.message : 'unreachable' } });
      }
    });
};
