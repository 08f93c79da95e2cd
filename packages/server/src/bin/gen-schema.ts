import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb } from '../platform/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../platform/db/embedded-postgres.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { dumpSchema } from '../platform/db/schema-dump.ts';

/**
 * npm run gen:schema — migrates a brand-new database and writes its schema to schema.snapshot.sql.
 * Uses the server in TEST_DATABASE_URL when set (a scratch database is created and dropped there),
 * otherwise a throwaway embedded PostgreSQL in a temp folder. `--check` compares instead of writing.
 */
export const SCHEMA_SNAPSHOT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../platform/db/schema.snapshot.sql');

async function main() {
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let serverUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = '';
    serverUrl = u.toString().replace(/\/$/, '');
  } else {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-schema-'));
    await fs.chmod(tmp, 0o755); // as root the cluster runs as "postgres", which must reach it
    embedded = await startEmbeddedPostgres(path.join(tmp, 'pg'), await freePort());
    serverUrl = embedded.url('').replace(/\/$/, '');
  }
  const name = `lantai_schema_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const db = createDb(`${serverUrl}/${name}`);
    let text: string;
    try {
      await migrateToLatest(db);
      text = await dumpSchema(db);
    } finally {
      await db.destroy();
    }
    await admin.query(`drop database if exists ${name} with (force)`);
    const current = await fs.readFile(SCHEMA_SNAPSHOT_FILE, 'utf8').catch(() => '');
    if (process.argv.includes('--check')) {
      if (current !== text) {
        console.error(`${SCHEMA_SNAPSHOT_FILE} is stale: run npm run gen:schema`);
        process.exitCode = 1;
      } else console.log('schema snapshot is up to date');
    } else if (current === text) console.log(`unchanged: ${SCHEMA_SNAPSHOT_FILE}`);
    else {
      await fs.writeFile(SCHEMA_SNAPSHOT_FILE, text);
      console.log(`wrote ${SCHEMA_SNAPSHOT_FILE}`);
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
