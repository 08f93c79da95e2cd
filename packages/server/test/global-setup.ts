import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs/promises';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { createDb } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/platform/db/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database name, e.g. postgres://u:p@127.0.0.1:5432 */
    pgServerUrl: string;
    templateDb: string;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE = 'lantai_template';
let embedded: EmbeddedServer | undefined;
let runDir: string | undefined;

/**
 * One PostgreSQL for the whole run: the embedded one by default, or the server in TEST_DATABASE_URL
 * (the external lane). A migrated template database (with pg-boss's schema) is cloned per test file.
 */
export default async function setup(project: TestProject) {
  let serverUrl: string;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const u = new URL(external);
    u.pathname = '';
    serverUrl = u.toString().replace(/\/$/, '');
  } else {
    // LANTAI_TEST_PG_DIR/LANTAI_TEST_PG_PORT let two runs in one checkout use separate clusters.
    const dir = path.resolve(process.env.LANTAI_TEST_PG_DIR ?? path.resolve(here, '../../../.test-data/pg'));
    await fs.mkdir(path.dirname(dir), { recursive: true });
    embedded = await startEmbeddedPostgres(dir, Number(process.env.LANTAI_TEST_PG_PORT ?? 54339));
    serverUrl = embedded.url('').replace(/\/$/, '');
  }
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await dropTestDatabases(admin);
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const db = createDb(`${serverUrl}/${TEMPLATE}`);
  await migrateToLatest(db);
  await db.destroy();
  const boss = new PgBoss({ connectionString: `${serverUrl}/${TEMPLATE}`, schema: 'pgboss', supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', TEMPLATE);
  return async () => {
    const c = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await c.connect();
    await dropTestDatabases(c);
    await c.end();
    await embedded?.stop();
    if (runDir) await fs.rm(runDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function dropTestDatabases(c: pg.Client) {
  const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'lantai_t_%'`);
  for (const r of rows) await c.query(`drop database if exists "${r.datname}" with (force)`);
}
