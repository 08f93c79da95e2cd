// An accept in a process of its own, for the kill -9 test: node --import tsx accept.sigkill-child.ts <databaseUrl> <dataDir> <runId>
import { loadConfig } from '../../../config.ts';
import { createDb } from '../../../platform/db/database.ts';
import { createStorage } from '../../../platform/storage/index.ts';
import { executeAccept } from '../accept.execute.ts';

const [url, dataDir, runId] = process.argv.slice(2) as [string, string, string];
const db = createDb(url, 2);
const storage = createStorage(loadConfig({ DATABASE_URL: url, LANTAI_DATA_DIR: dataDir, LANTAI_DEMO: 'false' }));
await executeAccept({ db, storage, dataDir }, runId, { id: null, name: 'sigkill-test', roles: ['archivist'], requestId: null, ip: null }, async (_p, message) => {
  process.stdout.write(`progress ${message}\n`);
});
process.stdout.write('done\n');
await db.destroy();
