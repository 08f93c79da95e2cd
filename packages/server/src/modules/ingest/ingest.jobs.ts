import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { executeAccept } from './accept.execute.ts';
import { executeRun } from './run.execute.ts';

/** The two long steps of an ingest: the check run and the accept, each a job with progress. */
export const ingestJobs = (db: Db, storage: ObjectStorage, dataDir: string, clamd?: { socket?: string; host?: string; port?: number }) => [
  defineJob({ name: 'ingest.run', handler: ({ payload, progress }) => executeRun({ db, storage, dataDir, clamd }, payload.runId, progress) }),
  defineJob({ name: 'ingest.accept', handler: ({ payload, progress }) => executeAccept({ db, storage, dataDir }, payload.runId, { ...payload.actor, requestId: payload.requestId, ip: payload.ip }, progress) }),
];
