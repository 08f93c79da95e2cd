import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import type { IngestModule } from '../ingest/index.ts';
import { createTransferDecisions } from './transfer.decide.ts';
import { createTransferService } from './transfer.service.ts';

export { transferRoutes } from './transfer.routes.ts';
export { transferJobs } from './transfer.jobs.ts';

/** 移交接收 (issue #5 channel 3): 移交单 with packages, YJ-stage checks through the ingest runs, accept/return, confirmations, 登记表. */
export function createTransferModule({ db, jobs, storage, dataDir, ingest }: { db: Db; jobs: JobQueue; storage: ObjectStorage; dataDir: string; ingest: IngestModule }) {
  const decisions = createTransferDecisions({ db, jobs, storage, dataDir });
  return { transfers: createTransferService({ db, dataDir, uploads: ingest.uploads }), decisions };
}
export type TransferModule = ReturnType<typeof createTransferModule>;
