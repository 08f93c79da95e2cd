import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Credentials {
  username: string;
  password: string;
}

/**
 * What the web tests need from the server helper `packages/server/test/app-server.ts`:
 * `startTestServer()` → the real app listening on `url` with a fresh database and the job worker running,
 * `admin` = a 系统管理员 (mustChangePassword may be true: the test then changes it), and optionally
 * `users` with a 安全保密管理员, 安全审计员 and 档案管理员 (their pages are tested only when present).
 */
export interface E2EServer {
  url: string;
  stop(): Promise<void>;
  admin: Credentials;
  users?: Partial<Record<'secadmin' | 'auditor' | 'archivist' | 'archivist2' | 'records_officer', Credentials>>;
  /** Loads the demo archive (J001 … Z109) through the real services; returns the number of records. */
  seedDemo?: (scale: number) => Promise<number>;
}

const serverTest = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/server/test');

export async function startServer(): Promise<E2EServer> {
  const helper = path.join(serverTest, 'app-server.ts');
  if (existsSync(helper)) {
    const m = (await import(helper)) as { startTestServer: () => Promise<E2EServer> };
    return m.startTestServer();
  }
  return startFromTestApp();
}

/**
 * Stand-in until app-server.ts exists: the same app as the server tests, listening on a free port. Each file has a
 * database of its own; the data folder is buildTestApp's shared /tmp/lantai-test-data (preservation.e2e reads the
 * objects there), where e2e files running in parallel do not meet: objects are content-addressed, uploads and
 * ingest runs are named by their ids.
 */
async function startFromTestApp(): Promise<E2EServer> {
  type AppModule = typeof import('../../../packages/server/test/app.ts');
  const { buildTestApp, createUser } = (await import(path.join(serverTest, 'app.ts'))) as AppModule;
  const t = await buildTestApp({ worker: true });
  const admin = await createUser(t.c, ['sysadmin'], { username: 'admin', mustChangePassword: true });
  const secadmin = await createUser(t.c, ['secadmin'], { username: 'secadmin' });
  const auditor = await createUser(t.c, ['auditor'], { username: 'auditor' });
  const archivist = await createUser(t.c, ['archivist'], { username: 'archivist', clearance: 'internal', fondsScope: ['J001'] });
  // A second 档案管理员: a scheme draft must be approved by someone other than its author.
  const archivist2 = await createUser(t.c, ['archivist'], { username: 'archivist2', clearance: 'internal' });
  const officer = await createUser(t.c, ['records_officer'], { username: 'officer', clearance: 'internal', fondsScope: ['J002'] });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const pick = (u: Credentials) => ({ username: u.username, password: u.password });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => t.close(),
    admin: pick(admin),
    users: { secadmin: pick(secadmin), auditor: pick(auditor), archivist: pick(archivist), archivist2: pick(archivist2), records_officer: pick(officer) },
    seedDemo: async (scale) => {
      const { loadDemoData } = (await import(path.join(serverTest, '../src/demo/demo.ts'))) as typeof import('../../../packages/server/src/demo/demo.ts');
      return loadDemoData(t.c, { scale, log: () => undefined });
    },
  };
}
