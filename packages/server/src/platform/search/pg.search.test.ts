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
