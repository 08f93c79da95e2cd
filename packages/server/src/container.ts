import path from 'node:path';
import type { Config } from './config.ts';
import { createDb, type Db } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import { createStorage, type ObjectStorage } from './platform/storage/index.ts';
import type { JobDefinition, JobQueue } from './platform/jobs/job-queue.ts';
import { createPgJobQueue } from './platform/jobs/pg.job-queue.ts';
import { auditJobs } from './modules/audit/index.ts';
import { demoJobs } from './demo/demo.jobs.ts';
import { createAuthModule } from './modules/auth/index.ts';
import { createCatalogueModule, type CatalogueModule } from './modules/catalogue/index.ts';
import { createAccessModule, type AccessModule } from './modules/access/index.ts';
import { createAipModule, enqueueAipBuilds, type AipModule } from './modules/aip/index.ts';
import { createFondsModule, type FondsModule } from './modules/fonds/index.ts';
import { createPrintModule, type PrintModule } from './modules/catalogue-print/index.ts';
import { createCatalogueIoModule, importJobs, type CatalogueIoModule } from './modules/catalogue-io/index.ts';
import { createPreservationModule, preservationJobs, trackObjects, type PreservationModule } from './modules/preservation/index.ts';
import { createOpenReviewModule, openReviewJobs, type OpenReviewModule } from './modules/open-review/index.ts';
import { createPortalModule, type PortalModule } from './modules/portal/index.ts';
import { createIngestModule, ingestJobs, type IngestModule } from './modules/ingest/index.ts';
import { createArchiveModule, type ArchiveModule } from './modules/ingest/archive/index.ts';
import { createTransferModule, transferJobs, type TransferModule } from './modules/transfer/index.ts';
import { createSearchModule, type SearchModule } from './modules/search/index.ts';

export interface Container {
  config: Config;
  db: Db;
  jobs: JobQueue;
  storage: ObjectStorage;
  auth: ReturnType<typeof createAuthModule>;
  fonds: FondsModule;
  catalogue: CatalogueModule;
  print: PrintModule;
  catalogueIo: CatalogueIoModule;
  openReview: OpenReviewModule;
  portal: PortalModule;
  preservation: PreservationModule;
  aip: AipModule;
  access: AccessModule;
  search: SearchModule;
  ingest: IngestModule;
  archive: ArchiveModule;
  transfer: TransferModule;
  jobDefinitions: JobDefinition[];
  close(): Promise<void>;
}

export interface ContainerOptions {
  /**
   * Wire everything without touching the database: no migration, and a job queue that throws when used.
   * For tools that only need the routes (gen-openapi). Module factories therefore MUST NOT do I/O when called.
   */
  offline?: boolean;
}

/** The composition root: one database, one job queue, and each module wired from its index.ts. */
export async function createContainer(config: Config, databaseUrl: string, log: (msg: string, err?: unknown) => void, opts: ContainerOptions = {}): Promise<Container> {
  const db = createDb(databaseUrl);
  if (!opts.offline) await migrateToLatest(db);
  const jobs = opts.offline ? offlineJobQueue() : await createPgJobQueue(db, databaseUrl, log);
  const auth = createAuthModule(db, config.sessionMinutes);
  const fonds = createFondsModule(db);
  const storage = trackObjects(createStorage(config), db, (e) => log('preservation inventory write failed', e));
  const preservation = createPreservationModule({ db, storage, tmpDir: path.join(config.dataDir, 'tmp'), log });
  const catalogue = createCatalogueModule(db, storage, (tx, ids, by) => enqueueAipBuilds(jobs, tx, ids, by), log);
  const access = createAccessModule(db, storage);
  const aip = createAipModule(db, storage, jobs, config.dataDir, catalogue.records);
  const print = createPrintModule(db);
  const catalogueIo = createCatalogueIoModule(db, jobs, config.dataDir);
  const openReview = createOpenReviewModule(db, jobs, { afterPublish: () => portal.portal.clearCache() });
  const portal = createPortalModule(db, storage, config.publicRateLimit, () => search.port);
  const ingest = createIngestModule(db, jobs, storage, config.dataDir);
  const archive = createArchiveModule(db, storage, config.dataDir, config.clamd, (tx, ids, by) => enqueueAipBuilds(jobs, tx, ids, by));
  const transfer = createTransferModule({ db, jobs, storage, dataDir: config.dataDir, ingest });
  const search = createSearchModule({ db, storage, jobs, log, databaseUrl });
  // Handlers that need the whole container get it lazily (it is assembled below).
  let self: Container | undefined;
  const jobDefinitions = [...auditJobs(db, config.dataDir), ...demoJobs(() => self!), ...importJobs(db, config.dataDir, databaseUrl), ...openReviewJobs(db), ...preservationJobs(() => preservation), ...aip.jobs, ...search.jobs, ...ingestJobs(db, storage, config.dataDir, config.clamd, (tx, ids, by) => enqueueAipBuilds(jobs, tx, ids, by), (tx, runId) => transfer.decisions.runEnded(tx, runId)), ...transferJobs(db, storage, config.dataDir, (tx, ids, by) => enqueueAipBuilds(jobs, tx, ids, by))];
  self = {
    config, db, jobs, storage, auth, fonds, catalogue, print, catalogueIo, openReview, portal, preservation, aip, access, search, ingest, archive, transfer, jobDefinitions,
    async close() {
      await search.indexer.stop();
      await catalogue.signatures.stop();
      await jobs.stop();
      await db.destroy();
    },
  };
  return self;
}

function offlineJobQueue(): JobQueue {
  const fail = async (): Promise<never> => {
    throw new Error('the job queue is not available in an offline container');
  };
  return { enqueue: fail, get: fail, list: fail, work: fail, waitFor: fail, stop: async () => {} };
}
