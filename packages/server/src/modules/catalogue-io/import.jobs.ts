import type { Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import { runCommit } from './import.commit.ts';
import { runValidation } from './import.validate.ts';

/** The two long steps of an import run as jobs with progress (GET /api/jobs/:id). */
export const importJobs = (db: Db, dataDir: string, databaseUrl: string) => [
  defineJob({ name: 'import.validate', handler: ({ payload, progress }) => runValidation(db, dataDir, payload, progress) }),
  defineJob({ name: 'import.commit', handler: ({ payload, progress }) => runCommit(db, databaseUrl, dataDir, payload, progress) }),
];
