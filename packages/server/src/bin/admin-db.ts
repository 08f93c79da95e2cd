import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.ts';

/** The database lantai-admin works on, and how it got there. */
export interface AdminDatabase {
  url: string;
  via: 'DATABASE_URL' | 'running-embedded' | 'started-embedded';
  /** Stops the embedded PostgreSQL if this command started it; otherwise nothing. */
  stop(): Promise<void>;
}

/**
 * The same database the server uses: DATABASE_URL when set, else the embedded cluster in the data folder.
 * When Lantai already runs on that cluster, its postmaster is reused (never a second one on the same files,
 * and never stopped by us); otherwise the cluster is started for this command and stopped after it.
 */
export async function openAdminDatabase(config: Config, log: (m: string) => void): Promise<AdminDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, via: 'DATABASE_URL', stop: async () => {} };
  const running = await runningEmbeddedUrl(config.pgDir);
  if (running) return { url: running, via: 'running-embedded', stop: async () => {} };
  log(`启动内置 PostgreSQL / starting the embedded PostgreSQL in ${config.pgDir} …`);
  const pg = await startEmbeddedPostgres(config.pgDir, config.pgPort);
  return { url: pg.url(), via: 'started-embedded', stop: () => pg.stop() };
}

/**
 * The URL of a live postmaster on `pgDir` (read from postmaster.pid: line 1 the pid, line 4 the port)
 * with the password from `<pgDir>/../pg-password`; null when none runs there.
 */
export async function runningEmbeddedUrl(pgDir: string): Promise<string | null> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const pwFile = path.join(path.dirname(pgDir), 'pg-password');
  if (!existsSync(pidFile) || !existsSync(pwFile)) return null;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !alive(pid)) return null;
  const password = (await fs.readFile(pwFile, 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's (the "postgres" user when run as root)
  }
}
