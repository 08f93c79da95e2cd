import { defineJob } from '../../platform/jobs/job-queue.ts';
import type { PreservationModule } from './preservation.module.ts';

/** Sweep cadence: each run checks its share of the fixity cycle (see fixity.service.ts). */
export const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Replication every minute, the fixity sweep every 10 minutes; both take turns through advisory locks. */
export const preservationJobs = (p: () => PreservationModule) => [
  defineJob({
    name: 'preservation.replicate',
    cron: '* * * * *',
    async handler({ payload, progress }) {
      const r = await p().replication.replicate({ all: payload?.all === true });
      await progress(100, `copied ${r.copied}, retrying ${r.retried}`);
      return r;
    },
  }),
  defineJob({
    name: 'preservation.sweep',
    cron: '*/10 * * * *',
    async handler({ payload, progress }) {
      const r = await p().fixity.sweep({ full: payload?.all === true, intervalMs: SWEEP_INTERVAL_MS });
      await progress(100, r.locations.map((l) => `${l.id}: ${l.checked} checked, ${l.failed} failed, ${l.repaired} repaired`).join('; '));
      return r;
    },
  }),
];
