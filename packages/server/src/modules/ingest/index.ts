import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createRunService } from './run.service.ts';
import { createUploadService } from './upload.service.ts';

export { ingestRoutes } from './ingest.routes.ts';
export { ingestJobs } from './ingest.jobs.ts';

/** Package intake and 四性检测 (DA/T 70): uploads, check runs and reports, accept/reject, check configuration. */
export function createIngestModule(db: Db, jobs: JobQueue, storage: ObjectStorage, dataDir: string) {
  const uploads = createUploadService({ db, dataDir });
  return { uploads, runs: createRunService({ db, jobs, storage, dataDir, uploads }) };
}
export type IngestModule = ReturnType<typeof createIngestModule>;
