import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/modules/audit/index.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { createTestDatabase } from './db.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// node --import tsx: one process, so SIGKILL hits the server itself (the tsx CLI would sit in between).
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let env: NodeJS.ProcessEnv;
let base: string;
let db: Db;
let dataDir: string;
let server: ChildProcess | undefined;
let output = '';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts the real server (src/main.ts) on a free port and waits until /readyz answers. */
async function start(attempt = 1): Promise<ChildProcess> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = { ...env, PORT: String(port) };
  output = '';
  const p = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  p.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  for (const until = Date.now() + 90_000; Date.now() < until;) {
    if (p.exitCode !== null) {
      // Another process may take the free port between our probe and the server's bind: try another one.
      if (/is in use|EADDRINUSE/.test(output) && attempt < 3) return start(attempt + 1);
      throw new Error(`server exited (${p.exitCode}):\n${output}`);
    }
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) return p;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become ready:\n${output}`);
}

async function signIn(username: string, password: string) {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(r.status, `login ${username}`).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}
const createUser = (headers: Record<string, string>, username: string) => fetch(`${base}/api/users`,
  { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ username, displayName: username, password: 'killed-midway-42' }) });
const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

beforeAll(async () => {
  const url = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-sigkill-'));
  env = { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1', LANTAI_DEMO: 'false', LANTAI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  db = createDb(url, 2);
});
afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await exited(server);
  }
  await db?.destroy();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('SIGKILL in the middle of writes', { timeout: 240_000 }, () => {
  it('leaves no half-written change: the chain verifies and every account has its users.create row, and vice versa', async () => {
    const first = await start();
    server = first;
    const creds = new Map((await fs.readFile(path.join(dataDir, 'initial-credentials.txt'), 'utf8')).split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t') as [string, string]));
    const sys = await signIn('sysadmin', creds.get('sysadmin') as string);

    // Four writers create accounts as fast as they can; the server is killed while they are at it.
    const acknowledged: string[] = [];
    let n = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const name = `k${++n}`;
        const r = await createUser(sys, name).catch(() => null);
        if (r?.status === 200) acknowledged.push(name);
        if (acknowledged.length >= 12 && !killed) {
          killed = true;
          first.kill('SIGKILL');
        }
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');

    server = await start();
    const v = await verifyAuditChain(db);
    expect(v, 'audit chain after SIGKILL').toMatchObject({ ok: true });
    const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'k%').execute();
    const audited = await db.selectFrom('audit_log').select(['target_id', 'detail']).where('action', '=', 'users.create').execute();
    expect(new Set(audited.map((a) => a.target_id))).toEqual(new Set(users.map((u) => u.id)));
    expect(audited).toHaveLength(users.length);
    // Every write the server acknowledged survived; at most the in-flight ones (one per writer) are extra.
    const names = users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(acknowledged));
    expect(names.length).toBeLessThanOrEqual(acknowledged.length + 4);

    // And it serves again: sign-in, a write, and a verification through the API.
    const again = await signIn('sysadmin', creds.get('sysadmin') as string);
    expect((await createUser(again, 'after_restart')).status).toBe(200);
    const auditor = await signIn('auditor', creds.get('auditor') as string);
    const check = await fetch(`${base}/api/audit/verify`, { method: 'POST', headers: auditor });
    expect(await check.json()).toMatchObject({ ok: true, checked: v.checked + 3 });
  });
});
