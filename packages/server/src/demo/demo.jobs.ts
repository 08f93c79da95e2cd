import type { Container } from '../container.ts';
import { defineJob } from '../platform/jobs/job-queue.ts';
import { loadDemoData } from './demo.ts';

/** Demo data loads in the background, so the archive is usable at once and the load shows as a job. */
export const demoJobs = (c: () => Container) => [
  defineJob({
    name: 'demo.load',
    async handler({ payload, progress }) {
      const records = await loadDemoData(c(), { scale: payload.scale, progress: (done, total) => progress((done / total) * 100, `${done}/${total}`) });
      return { records };
    },
  }),
];

/** Queues the demo load on an empty archive, once. */
export async function scheduleDemoLoad(c: Container, scale = 1): Promise<string | null> {
  const any = await c.db.selectFrom('fonds').select('id').limit(1).executeTakeFirst();
  const queued = await c.db.selectFrom('job_runs').select('id').where('name', '=', 'demo.load').where('state', 'in', ['created', 'active', 'retry']).executeTakeFirst();
  if (any || queued) return null;
  return c.jobs.enqueue('demo.load', { scale }, { createdBy: 'sysadmin' });
}
