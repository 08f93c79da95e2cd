import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { scanDueRecords } from './open-review.scan.ts';

/** The job that fills the 开放审核 queue (run on demand from the workbench; idempotent). */
export const openReviewJobs = (db: Db) => [
  defineJob({
    name: 'open-review.scan',
    retries: 1,
    handler: ({ payload, progress }) => scanDueRecords(db, { asOf: payload.asOf, requestedBy: payload.requestedBy, progress }),
  }),
];
