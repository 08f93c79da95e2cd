import type { Config } from './config.ts';
import { createDb, type Db } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import type { JobDefinition, JobQueue } from './platform/jobs/job-queue.ts';
import { createPgJobQueue } from './platform/jobs/pg.job-queue.ts';
import { auditJobs } from './modules/audit/index.ts';
import { createAuthModule } from './modules/auth/index.ts';

export interface Container {
  config: Config;
  db: Db;
  jobs: JobQueue;
  auth: ReturnType<typeof createAuthModule>;
  jobDefinitions: JobDefinition[];
  close(): Promise<void>;
}

/** The composition root: one database, one job queue, and each module wired from its index.ts. */
export async function createContainer(config: Config, databaseUrl: string, log: (msg: string, err?: unknown) => void): Promise<Container> {
  const db = createDb(databaseUrl);
  await migrateToLatest(db);
  const jobs = await createPgJobQueue(db, databaseUrl, log);
  const auth = createAuthModule(db, config.sessionMinutes);
  const jobDefinitions = [...auditJobs(db)];
  return {
    config, db, jobs, auth, jobDefinitions,
    async close() {
      await jobs.stop();
      await db.destroy();
    },
  };
}
