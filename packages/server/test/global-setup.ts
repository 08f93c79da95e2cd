import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

interface SharedPg {
  ready: Promise<string>;
  refs: number;
  teardown(): Promise<void>;
}
const KEY = Symbol.for('lantai.test-postgres');

/**
 * One PostgreSQL for the whole run: the embedded one by default, or the server in TEST_DATABASE_URL
 * (the external lane). A migrated template database (with pg-boss's schema) is cloned per test file.
 *
 * Vitest calls this once per project that has tests (server, cli, e2e), each time in a fresh module
 * instance but in the same process, so the server is shared through globalThis and torn down by the last.
 * The embedded cluster is private to the run (its own folder under .test-data and a free port), so runs in
 * parallel checkouts or in the same one do not meet; LANTAI_TEST_PG_DIR / LANTAI_TEST_PG_PORT pin them.
 */
export default async function setup(project: TestProject) {
  const g = globalThis as { [KEY]?: SharedPg };
  const shared = (g[KEY] ??= startShared());
  shared.refs++;
  const serverUrl = await shared.ready;
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', TEMPLATE);
  return async () => {
    if (--shared.refs > 0) return;
    delete g[KEY];
    await shared.teardown();
  };
}

function startShared(): SharedPg {
  let embedded: EmbeddedServer | undefined;
  let runDir: string | undefined;
  let serverUrl: string | undefined;
  const ready = (async () => {
    const external = process.env.TEST_DATABASE_URL;
    if (external) {
      const u = new URL(external);
      u.pathname = '';
      serverUrl = u.toString().replace(/\/$/, '');
    } else {
      const base = path.resolve(here, '../../../.test-data');
      await fs.mkdir(base, { recursive: true });
      await removeDeadRuns(base);
      let dir: string;
      if (process.env.LANTAI_TEST_PG_DIR) dir = path.resolve(process.env.LANTAI_TEST_PG_DIR);
      else {
        runDir = path.join(base, `run-${process.pid}`);
        await fs.rm(runDir, { recursive: true, force: true });
        dir = path.join(runDir, 'pg');
      }
      const port = process.env.LANTAI_TEST_PG_PORT ? Number(process.env.LANTAI_TEST_PG_PORT) : await freePort();
      embedded = await startEmbeddedPostgres(dir, port);
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
    return serverUrl;
  })();
  return {
    ready,
    refs: 0,
    async teardown() {
      try {
        if (serverUrl) {
          const c = new pg.Client({ connectionString: `${serverUrl}/postgres` });
          await c.connect();
          await dropTestDatabases(c);
          if (!process.env.TEST_DATABASE_URL) await c.query(`drop database if exists ${TEMPLATE}`);
          await c.end();
        }
      } finally {
        await embedded?.stop();
        if (runDir) await fs.rm(runDir, { recursive: true, force: true });
      }
    },
  };
}

/** Folders of runs whose vitest was killed (their postmaster exits by itself once its folder is gone). */
async function removeDeadRuns(base: string) {
  for (const name of await fs.readdir(base)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    const pidFile = path.join(base, name, 'pg', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pm = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
      const cmd = pm > 0 ? await fs.readFile(`/proc/${pm}/cmdline`, 'utf8').catch(() => '') : '';
      if (cmd.includes(path.join(base, name))) process.kill(pm, 'SIGINT');
    }
    await fs.rm(path.join(base, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
