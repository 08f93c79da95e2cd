import path from 'node:path';
import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import type { RecordService } from '../catalogue/record.service.ts';
import { aipJobs, enqueueAipBuilds } from './aip.jobs.ts';
import { createAipImportService } from './aip.import.ts';
import { createAipService } from './aip.service.ts';
import { createNormalizeService } from './normalize.service.ts';

export { aipRoutes } from './aip.routes.ts';
export { aipJobs, enqueueAipBuilds };
export { validateBagDir, type BagReport } from './bag.validate.ts';

/** AIPs (BagIt + METS/PREMIS + DA/T 46), their export and re-import, and preservation copies. */
export function createAipModule(db: Db, storage: ObjectStorage, jobs: JobQueue, dataDir: string, records: Pick<RecordService, 'visible'>) {
  const tmpDir = path.join(dataDir, 'tmp', 'aip');
  const aips = createAipService({ db, storage, tmpDir, records });
  const normalize = createNormalizeService({ db, storage, tmpDir });
  const importer = createAipImportService({ db, storage, tmpDir });
  return { aips, normalize, importer, jobs: aipJobs(() => aips, () => normalize, () => jobs) };
}
export type AipModule = ReturnType<typeof createAipModule>;
