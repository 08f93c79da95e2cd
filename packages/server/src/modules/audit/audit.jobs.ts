import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { verifyAndCheckpoint } from './audit.checkpoint.ts';

/** Every day at 02:17 UTC the chain is verified and checkpointed, so rows cut off the tail are noticed within a day. */
export const AUDIT_VERIFY_CRON = '17 2 * * *';
export const SCHEDULER_NAME = 'scheduler';

/** The whole-chain verification as a background job with progress; its result is itself audited and checkpointed. */
export const auditJobs = (db: Db, dataDir?: string) => [
  defineJob({
    name: 'audit.verify',
    cron: AUDIT_VERIFY_CRON,
    async handler({ payload, progress }) {
      const scheduled = !payload?.requestedBy;
      return verifyAndCheckpoint(db, {
        who: { actorId: null, actorName: payload?.requestedBy ?? SCHEDULER_NAME, actorRoles: ['auditor'] }, dataDir, detail: { background: true, scheduled },
        onProgress: (checked, total) => progress(total ? (checked / total) * 100 : 100, `${checked}/${total}`),
      });
    },
  }),
];
