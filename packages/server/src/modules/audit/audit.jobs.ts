import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { verifyAndCheckpoint } from './audit.checkpoint.ts';

/** The whole-chain verification as a background job with progress; its result is itself audited and checkpointed. */
export const auditJobs = (db: Db, dataDir?: string) => [
  defineJob({
    name: 'audit.verify',
    async handler({ payload, progress }) {
      return verifyAndCheckpoint(db, {
        who: { actorId: null, actorName: payload.requestedBy, actorRoles: ['auditor'] }, dataDir, detail: { background: true },
        onProgress: (checked, total) => progress(total ? (checked / total) * 100 : 100, `${checked}/${total}`),
      });
    },
  }),
];
