// A check run in a process of its own, for the kill -9 test: node --import tsx run.sigkill-child.ts <databaseUrl> <dataDir> <runId>
import { loadConfig } from '../../../config.ts';
import { createDb } from '../../../platform/db/database.ts';
import { createStorage } from '../../../platform/storage/index.ts';
import { executeRun } from '../run.execute.ts';

const [url, dataDir, runId] = process.argv.slice(2) as [string, string, string];
const db = createDb(url, 2);
const storage = createStorage(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dataDir, LANTAI_DEMO: 'false' }));
// As the pg-boss worker does when it picks the job up (platform/jobs/pg.job-queue.ts).
const run = await db.selectFrom('ingest_runs').select('job_id').where('id', '=', runId).executeTakeFirstOrThrow();
await db.updateTable('job_runs').set({ state: 'active', started_at: new Date() }).where('id', '=', run.job_id!).execute();
await executeRun({ db, storage, dataDir }, runId, async (_p, message) => { process.stdout.write(`progress ${message}\n`); });
process.stdout.write('done\n');
await db.destroy();
