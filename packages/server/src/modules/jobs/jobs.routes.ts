import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Job, JobsQuery } from '@lantai/api';
import type { JobQueue, JobRun } from '../../platform/jobs/job-queue.ts';
import { notFound, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';

/** Everyone sees the jobs they started; the 系统管理员 sees all (to watch the system, not the content). */
const seesAll = (a: Actor) => a.kind === 'user' && a.roles.includes('sysadmin');
const owner = (a: Actor) => (a.kind === 'anonymous' ? null : a.username);

const present = (j: JobRun): Job => ({
  id: j.id, name: j.name, state: j.state, percent: Math.round(j.percent * 10) / 10, message: j.message, createdAt: j.createdAt.toISOString(),
  startedAt: j.startedAt?.toISOString() ?? null, completedAt: j.completedAt?.toISOString() ?? null, output: j.output,
});

export const jobsRoutes: FastifyPluginAsyncZod<{ jobs: JobQueue }> = async (app, { jobs }) => {
  app.get('/api/jobs', { schema: { operationId: 'jobs.list', tags: ['jobs'], querystring: JobsQuery, response: { 200: z.object({ items: z.array(Job) }) } } }, async (req) => {
    if (req.actor.kind === 'anonymous') throw unauthenticated();
    const items = await jobs.list({ limit: req.query.limit, state: req.query.state, ...(seesAll(req.actor) ? {} : { createdBy: owner(req.actor) ?? '' }) });
    return { items: items.map(present) };
  });
  app.get('/api/jobs/:id', { schema: { operationId: 'jobs.get', tags: ['jobs'], params: z.object({ id: z.string().uuid() }), response: { 200: Job } } }, async (req) => {
    const j = await jobs.get(req.params.id);
    // Someone else's job is reported as missing, not forbidden: ids do not leak.
    if (!j || (!seesAll(req.actor) && j.createdBy !== owner(req.actor))) throw notFound();
    return present(j);
  });
};
