import { defineJob, type JobQueue } from '../../platform/jobs/job-queue.ts';
import type { Conn } from '../../platform/db/database.ts';
import type { AipService } from './aip.service.ts';
import type { NormalizeService } from './normalize.service.ts';

/**
 * aip.build: make preservation copies the policy asks for, then the next AIP version (a no-op when
 * nothing changed, so retries and repeated enqueues are harmless). aip.sweep: remove orphans of killed builds,
 * then enqueue a build for every archived record lacking an up-to-date AIP.
 */
export const aipJobs = (aips: () => AipService, normalize: () => NormalizeService, jobs: () => JobQueue) => [
  defineJob({
    name: 'aip.build', retries: 2,
    handler: async ({ payload, progress }) => {
      await progress(5, 'normalizing');
      const copies = await normalize().forRecord(payload.recordId);
      await progress(40, 'packaging');
      const r = await aips().build(payload.recordId, payload.requestedBy);
      return { ...r, copies };
    },
  }),
  defineJob({
    name: 'aip.sweep',
    // Hourly on the worker (empty payload): catches archived records whose build was missed or that changed.
    cron: '23 * * * *',
    handler: async ({ payload, progress }) => {
      const orphans = await aips().sweepOrphans(); // leftovers of builds killed between storing the tar and recording it
      const ids = await aips().lacking(payload.limit ?? 1000);
      let n = 0;
      for (const id of ids) {
        await jobs().enqueue('aip.build', { recordId: id, requestedBy: payload.requestedBy ?? 'system' });
        await progress((++n / ids.length) * 100);
      }
      return { enqueued: n, orphans };
    },
  }),
];

/** Called by the catalogue inside the 归档 transaction: the build job exists only if the archiving commits. */
export async function enqueueAipBuilds(jobs: JobQueue, tx: Conn, recordIds: string[], requestedBy: string) {
  if (!recordIds.length) return;
  const tops = await tx.selectFrom('records').select((eb) => eb.fn.coalesce('parent_id', 'id').as('top')).where('id', 'in', recordIds).execute();
  for (const top of new Set(tops.map((t) => t.top as string))) await jobs.enqueue('aip.build', { recordId: top, requestedBy }, { tx });
}
