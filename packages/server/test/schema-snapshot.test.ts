import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { dumpSchema } from '../src/platform/db/schema-dump.ts';
import { createTestDatabase } from './db.ts';

const SNAPSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/platform/db/schema.snapshot.sql');

// The test database is a clone of a template migrated from scratch in this run, on either lane (embedded or TEST_DATABASE_URL).
describe('database schema snapshot', () => {
  let db: Db;
  beforeAll(async () => {
    db = createDb(await createTestDatabase(), 2);
  });
  afterAll(async () => db?.destroy());

  it('schema.snapshot.sql matches a freshly migrated database (else run: npm run gen:schema)', async () => {
    const committed = await fs.readFile(SNAPSHOT, 'utf8').catch(() => '(missing)');
    const actual = await dumpSchema(db);
    // Show the diff, but lead with what to do.
    expect(actual, 'src/platform/db/schema.snapshot.sql is stale: run npm run gen:schema and commit it').toBe(committed);
  });
});
