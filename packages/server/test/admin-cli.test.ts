import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdminDatabase, runningEmbeddedUrl } from '../src/bin/admin-db.ts';
import { loadConfig } from '../src/config.ts';
import { verifyPassword } from '../src/modules/auth/password.ts';
import { createDb, type Db } from '../src/platform/db/database.ts';
import { createTestDatabase } from './db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(root, 'packages/server/bin/lantai-admin.mjs');
let env: NodeJS.ProcessEnv;
let db: Db;
let dataDir: string;

/** Runs a command to its end; stdout and stderr together, as an operator sees them. */
function run(cmd: string, args: string[], cwd = os.tmpdir()): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out }));
  });
}
const admin = (...args: string[]) => run(process.execPath, [BIN, ...args]);
const passwordIn = (out: string) => /password \(shown once, change at first sign-in\): (\S+)/.exec(out)?.[1] ?? '';
const userRow = (username: string) => db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

beforeAll(async () => {
  const url = await createTestDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-admin-'));
  env = { ...process.env, DATABASE_URL: url, LANTAI_DATA_DIR: dataDir };
  db = createDb(url, 2);
});
afterAll(async () => {
  await db?.destroy();
  await fs.rm(dataDir, { recursive: true, force: true });
});

// Each command is a fresh Node process with tsx: seconds each on a loaded machine.
describe('lantai-admin', { timeout: 180_000 }, () => {
  it('prints its usage, and refuses unknown commands and bad arguments with exit 1', async () => {
    const help = await admin('--help');
    expect([help.code, help.out]).toEqual([0, expect.stringContaining('create-admin --username X --role ROLE')]);
    expect((await admin()).code).toBe(1);
    expect(await admin('frobnicate')).toMatchObject({ code: 1, out: expect.stringContaining('unknown command: frobnicate') });
    expect(await admin('create-admin', '--username', 'x_admin', '--role', 'archivist')).toMatchObject({ code: 1, out: expect.stringContaining('--role must be one of') });
    expect(await admin('reset-password')).toMatchObject({ code: 1, out: expect.stringContaining('--username X is required') });
  });

  it('migrates from any working folder', async () => {
    expect(await admin('migrate')).toMatchObject({ code: 0, out: expect.stringContaining('the schema is up to date') });
  });

  it('creates an admin with a generated password shown once, and refuses a second admin role (三员分立)', async () => {
    const r = await admin('create-admin', '--username', 'ops_sys', '--role', 'sysadmin');
    expect(r.code, r.out).toBe(0);
    const pw = passwordIn(r.out);
    expect(pw).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const u = await userRow('ops_sys');
    expect([u.roles, u.must_change_password, await verifyPassword(pw, u.password_hash)]).toEqual([['sysadmin'], true, true]);
    const audit = await db.selectFrom('audit_log').selectAll().where('target_id', '=', u.id).execute();
    expect(audit.map((a) => [a.action, a.actor_name?.startsWith('lantai-admin (')])).toEqual([['users.create', true]]);

    const conflict = await admin('create-admin', '--username=ops_sys', '--role=auditor');
    expect(conflict.code).toBe(1);
    expect(conflict.out).toContain('role_conflict');
    expect(passwordIn(conflict.out)).toBe('');
    expect(await userRow('ops_sys')).toEqual(u);
  });

  it('resets a password: the new one works, the old one does not; an unknown user is refused', async () => {
    const before = await userRow('ops_sys');
    const r = await admin('reset-password', '--username', 'ops_sys');
    expect(r.code, r.out).toBe(0);
    const after = await userRow('ops_sys');
    expect(await verifyPassword(passwordIn(r.out), after.password_hash)).toBe(true);
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(await admin('reset-password', '--username', 'nobody_here')).toMatchObject({ code: 1, out: expect.stringContaining('no such user') });
  });

  it('verifies the audit chain (npm run admin -- audit verify from the repository root), and exits 2 after a raw-SQL tamper', async () => {
    const rows = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').execute();
    const ok = await run('npm', ['run', '--silent', 'admin', '--', 'audit', 'verify'], root);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`审计链完整 / chain intact: ${rows.length} rows, head ${rows.at(-1)?.hash}`);
    expect(await fs.readFile(path.join(dataDir, 'audit-checkpoints.jsonl'), 'utf8')).toContain(`"headSeq":${rows.length + 1}`);

    await db.updateTable('audit_log').set({ action: 'users.nothing' }).where('seq', '=', 2).execute();
    const bad = await admin('audit', 'verify');
    expect(bad.code, bad.out).toBe(2);
    expect(bad.out).toContain('chain BROKEN: first bad row seq 2 (hash_mismatch)');
  });
});

describe('finding the database', () => {
  it('reuses a running embedded PostgreSQL (postmaster.pid + pg-password) instead of starting a second one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-pgdir-'));
    const pgDir = path.join(dir, 'pg');
    await fs.mkdir(pgDir);
    expect(await runningEmbeddedUrl(pgDir)).toBeNull();
    await fs.writeFile(path.join(dir, 'pg-password'), 's3cret/+pw\n');
    await fs.writeFile(path.join(pgDir, 'postmaster.pid'), `${process.pid}\n${pgDir}\n1700000000\n54999\n\n127.0.0.1\n`);
    const config = loadConfig({ LANTAI_DATA_DIR: dir });
    const conn = await openAdminDatabase(config, () => { throw new Error('must not start a postmaster'); });
    expect(conn).toMatchObject({ via: 'running-embedded', url: 'postgres://postgres:s3cret%2F%2Bpw@127.0.0.1:54999/postgres' });
    // A pid file left by a dead postmaster is not a running server.
    await fs.writeFile(path.join(pgDir, 'postmaster.pid'), `999999999\n${pgDir}\n1700000000\n54999\n`);
    expect(await runningEmbeddedUrl(pgDir)).toBeNull();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
