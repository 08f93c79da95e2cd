import type { Db } from '../../platform/db/database.ts';
import type { JobQueue } from '../../platform/jobs/job-queue.ts';
import { createExportService } from './export.service.ts';
import { createImportService } from './import.service.ts';

export { catalogueIoRoutes } from './io.routes.ts';
export { importJobs } from './import.jobs.ts';

/** Catalogue import (xlsx/csv → validated, all-or-nothing commit) and export of any filtered set. */
export function createCatalogueIoModule(db: Db, jobs: JobQueue, dataDir: string) {
  return { imports: createImportService({ db, jobs, dataDir }), exports: createExportService({ db }), dataDir };
}
export type CatalogueIoModule = ReturnType<typeof createCatalogueIoModule>;
