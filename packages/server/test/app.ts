import type { FastifyInstance } from 'fastify';
import type { Role } from '@lantai/api';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createContainer, type Container } from '../src/container.ts';
import { hashPassword } from '../src/modules/auth/index.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  c: Container;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The real app on a fresh database; drive it with app.inject(). */
export async function buildTestApp(opts: { worker?: boolean; env?: Record<string, string>; extraRoutes?: (app: FastifyInstance, c: Container) => void } = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: databaseUrl, LANTAI_DATA_DIR: '/tmp/lantai-test-data', LANTAI_DEMO: 'false', ...opts.env });
  const c = await createContainer(config, databaseUrl, () => {});
  if (opts.worker) await c.jobs.work(c.jobDefinitions);
  const app = await buildApp(c, { logLevel: process.env.TEST_LOG ?? 'silent' });
  // Test-only routes (e.g. one with a tokenScope) go in before ready, behind the same hooks as the real ones.
  opts.extraRoutes?.(app, c);
  await app.ready();
  return { app, c, databaseUrl, close: async () => { await app.close(); await c.close(); } };
}

let n = 0;
export const TEST_PASSWORD = 'correct-horse-42';
const hashOnce = hashPassword(TEST_PASSWORD);

/** Inserts an account directly (no audit), with a known password and the given roles. */
export async function createUser(c: Container, roles: Role[], over: { username?: string; clearance?: string; fondsScope?: string[]; mustChangePassword?: boolean } = {}) {
  const username = over.username ?? `u${++n}_${roles.join('_') || 'none'}`.slice(0, 60);
  const u = await c.db.insertInto('users').values({
    username, display_name: username, password_hash: await hashOnce, roles, clearance: over.clearance ?? 'public',
    fonds_scope: over.fondsScope ?? [], must_change_password: over.mustChangePassword ?? false,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: u.id, username, password: TEST_PASSWORD };
}

export interface Login { cookie: string; csrf: string; headers: Record<string, string> }

/** Signs in through the API and returns what a browser would send back. */
export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Login> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const raw = res.cookies.find((c) => c.name === 'lantai_session');
  const cookie = `lantai_session=${raw?.value}`;
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** A signed-in user with the given roles. */
export async function signedIn(t: TestApp, roles: Role[], over: Parameters<typeof createUser>[2] = {}) {
  const u = await createUser(t.c, roles, over);
  return { ...u, ...(await login(t.app, u.username)) };
}
