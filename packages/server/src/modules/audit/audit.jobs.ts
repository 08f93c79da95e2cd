import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { appendAudit } from './audit.repository.ts';
import { verifyAuditChain } from './audit.verify.ts';

/** The whole-chain verification as a background job with progress; its result is itself audited. */
export const auditJobs = (db: Db) => [
  defineJob({
    name: 'audit.verify',
    async handler({ payload, progress }) {
      const result = await verifyAuditChain(db, 5000, (checked, total) => progress(total ? (checked / total) * 100 : 100, `${checked}/${total}`));
      await appendAudit(db, { actorId: null, actorName: payload.requestedBy, actorRoles: ['auditor'], action: 'audit.verify', outcome: 'success',
        detail: { ok: result.ok, checked: result.checked, background: true, ...(result.firstBad ? { firstBad: result.firstBad } : {}) } });
      return result;
    },
  }),
];
