// A commit in a process of its own, for the kill -9 test: node --import tsx import.commit-child.ts <databaseUrl> <dataDir> <payload-json>
import { createDb } from '../../platform/db/database.ts';
import { runCommit } from './import.commit.ts';

const [url, dataDir, payload] = process.argv.slice(2) as [string, string, string];
const db = createDb(url, 2);
await runCommit(db, url, dataDir, JSON.parse(payload), async (_percent, message) => {
  process.stdout.write(`progress ${message}\n`);
});
process.stdout.write('done\n');
await db.destroy();
