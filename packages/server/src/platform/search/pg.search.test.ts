import { sql } from 'kysely';
import { createTestDatabase } from '../../../test/db.ts';
import { createDb } from '../db/database.ts';
import { PgSearch } from './pg.search.ts';
import { runSearchContract } from './search.contract-test.ts';

runSearchContract('postgres', async () => {
  const db = createDb(await createTestDatabase(), 4);
  await sql`select 1`.execute(db);
  return { port: new PgSearch(db), cleanup: () => db.destroy() };
});

// The same rules when a rebuild segments on worker threads and writes by COPY on its own connection.
runSearchContract('postgres, rebuild by COPY with 2 segmentation workers', async () => {
  const url = await createTestDatabase();
  const db = createDb(url, 4);
  return { port: new PgSearch(db, { databaseUrl: url, workers: 2 }), cleanup: () => db.destroy() };
});
