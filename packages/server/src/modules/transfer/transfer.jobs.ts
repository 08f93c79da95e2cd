import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { executeTransferAccept, type OnArchived } from './transfer.accept.ts';

/**
 * The accept of a whole transfer (every package in one transaction), as a job with progress.
 * `onArchived` runs in the accept transaction with the new (archived) records, e.g. to enqueue their AIP builds.
 */
export const transferJobs = (db: Db, storage: ObjectStorage, dataDir: string, onArchived?: OnArchived) => [
  defineJob({ name: 'transfer.accept', handler: ({ payload, progress }) => executeTransferAccept({ db, storage, dataDir, onArchived }, payload.transferId, { ...payload.actor, requestId: payload.requestId, ip: payload.ip }, progress) }),
];
