import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../test/app.ts';
import { buildFonds, wsRecord } from '../../test/catalogue-factory.ts';
import { validateBagDir } from '../modules/aip/bag.validate.ts';
import { verifyAuditChain } from '../modules/audit/index.ts';
import { createDb, type Db } from '../platform/db/database.ts';
import { hashFile, listFiles, verifyBag } from './admin-backup-bag.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// node --import tsx: one process, so SIGKILL hits lantai-admin itself (the tsx CLI would sit in between).
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
let tmp: string;
let dataA: string;
const cleanup: (() => Promise<unknown>)[] = [];

function admin(env: { url: string; dataDir: string }, args: string[], onSpawn?: (p: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', tsxLoader, 'src/bin/admin.ts', ...args], {
      cwd: serverDir, env: { ...process.env, DATABASE_URL: env.url, LANTAI_DATA_DIR: env.dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code, signal, out }));
    onSpawn?.(p);
  });
}

/** A brand-new, truly empty database (template0: no tables at all), as on a new machine. */
async function emptyDatabase(): Promise<{ url: string; db: Db }> {
  const server = inject('pgServerUrl');
  const name = `lantai_restore_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: `${server}/postgres` });
  await c.connect();
  await c.query(`create database ${name} template template0 encoding 'UTF8'`);
  await c.end();
  const url = `${server}/${name}`;
  const db = createDb(url, 2);
  cleanup.push(() => db.destroy());
  return { url, db };
}

/** Every row of every public table as sorted JSON text; the backup/recovery events themselves left out. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { t: name } of tables.rows) {
    const skip = name === 'preservation_events' ? sql`where event_type not in ('backup', 'recovery')` : sql``;
    const rows = await sql<{ j: string }>`select to_jsonb(x)::text as j from ${sql.table(name)} x ${skip}`.execute(db);
    out[name] = rows.rows.map((r) => r.j).sort();
  }
  return out;
}

async function objectDigests(objectsDir: string): Promise<Record<string, string>> {
  const files = (await listFiles(objectsDir, '.')).filter((f) => /[0-9a-f]{64}$/.test(f) && !f.includes('/tmp/'));
  return Object.fromEntries(await Promise.all(files.map(async (f) => [path.basename(f), await hashFile(path.join(objectsDir, f))])));
}

const backupsIn = async (dir: string) => (await fs.readdir(dir)).sort();

function multipart(headers: Record<string, string>, filename: string, bytes: Buffer) {
  const boundary = '----lantai' + randomBytes(6).toString('hex');
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-backup-test-'));
  dataA = path.join(tmp, 'data-a');
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataA } });
  const arch = await signedIn(t, ['archivist']);
  const { categoryId } = await buildFonds(t.app, arch.headers);
  for (let i = 0; i < 3; i++) {
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers: arch.headers, payload: wsRecord(categoryId, { title: `备份演练 ${i}`, pages: i + 1 }) });
    expect(r.statusCode, r.body).toBe(200);
    for (let k = 0; k < 2; k++) {
      const up = await t.app.inject({ method: 'POST', url: `/api/records/${r.json().id}/files`, ...multipart(arch.headers, `f${i}-${k}.txt`, randomBytes(20_000 + i * 1000 + k)) });
      expect(up.statusCode, up.body).toBe(200);
    }
  }
});
afterAll(async () => {
  await t?.close();
  for (const c of cleanup) await c().catch(() => {});
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('lantai-admin backup and restore', { timeout: 240_000 }, () => {
  let backupDir: string;

  it('backs up (database dump + objects + BagIt manifests), verifies it, and records a backup event', async () => {
    const to = path.join(tmp, 'offsite');
    const r = await admin({ url: t.databaseUrl, dataDir: dataA }, ['backup', '--to', to]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('backup written and verified');
    const names = await backupsIn(to);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^lantai-backup-\d{8}T\d{6}Z$/);
    backupDir = path.join(to, names[0] as string);
    const bag = await verifyBag(backupDir);
    expect(bag.problems).toEqual([]);
    // The AIP module's BagIt validator (tested against the BagIt conformance suite) agrees it is a valid bag.
    expect(await validateBagDir(backupDir)).toMatchObject({ valid: true, errors: [], warnings: [], version: '1.0' });
    expect(bag.info).toMatchObject({ format: 'lantai-backup/1', counts: { records: 3, record_files: 6 }, objects: { count: expect.any(Number) } });
    expect(bag.info?.objects.count).toBeGreaterThanOrEqual(6);
    const head = await t.c.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(bag.info?.audit).toMatchObject({ headSeq: Number(head.seq), headHash: head.hash });
    const ev = await t.c.db.selectFrom('preservation_events').selectAll().where('event_type', '=', 'backup').execute();
    expect(ev.map((e) => e.outcome)).toEqual(['pass']);
  });

  it('restore drill: a fresh database and data folder get every row, every object and the same audit chain', async () => {
    const target = await emptyDatabase();
    const dataB = path.join(tmp, 'data-b');
    const r = await admin({ url: target.url, dataDir: dataB }, ['restore', '--from', backupDir]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('restore complete');
    expect(await snapshot(target.db)).toEqual(await snapshot(t.c.db));
    const a = await objectDigests(path.join(dataA, 'objects'));
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(6);
    for (const [k, v] of Object.entries(a)) expect(v).toBe(k);
    expect(await objectDigests(path.join(dataB, 'objects'))).toEqual(a);
    const [va, vb] = [await verifyAuditChain(t.c.db), await verifyAuditChain(target.db)];
    expect(vb).toMatchObject({ ok: true, checked: va.checked, headSeq: va.headSeq, headHash: va.headHash });

    // A second restore into the now non-empty target is refused and changes nothing.
    const again = await admin({ url: target.url, dataDir: dataB }, ['restore', '--from', backupDir]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('the target is not empty');
  });

  it('refuses a corrupted backup with a report of each problem, before touching the empty target', async () => {
    const bad = path.join(tmp, 'bad-backup');
    await fs.cp(backupDir, bad, { recursive: true });
    const objects = (await listFiles(bad, 'data/objects'));
    const flip = path.join(bad, objects[0] as string);
    await fs.chmod(flip, 0o644);
    const bytes = await fs.readFile(flip);
    bytes[100] = (bytes[100] as number) ^ 0x01;
    await fs.writeFile(flip, bytes);
    await fs.rm(path.join(bad, objects[1] as string));
    const dump = path.join(bad, 'data/database.dump');
    await fs.truncate(dump, (await fs.stat(dump)).size - 500);

    const target = await emptyDatabase();
    expect(await admin({ url: target.url, dataDir: tmp }, ['restore'])).toMatchObject({ code: 1, out: expect.stringContaining('restore needs --from BACKUP') });
    const dataC = path.join(tmp, 'data-c');
    const r = await admin({ url: target.url, dataDir: dataC }, ['restore', '--from', bad]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('the backup is damaged; nothing was changed (4 problems)');
    expect(r.out).toContain('bag-info.txt Payload-Oxum says');
    expect(r.out).toContain(`${objects[0]}: sha256`);
    expect(r.out).toContain(`${objects[1]}: missing`);
    expect(r.out).toContain('data/database.dump: sha256');
    const tables = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(target.db);
    expect(tables.rows[0]?.n).toBe(0);
    expect(await fs.stat(dataC).then(() => true, () => false)).toBe(false);

    // A changed tag file (backup-info.json edited by hand) is caught by the tag manifest.
    await fs.appendFile(path.join(bad, 'backup-info.json'), ' ');
    expect((await verifyBag(bad)).problems).toContainEqual(expect.stringContaining('backup-info.json: sha256'));
  });

  it('SIGKILL during a backup leaves only a .partial folder that restore refuses; the next backup succeeds', async () => {
    const to = path.join(tmp, 'killed');
    await fs.mkdir(to);
    let watcher: NodeJS.Timeout | undefined;
    const r = await admin({ url: t.databaseUrl, dataDir: dataA }, ['backup', '--to', to], (p) => {
      watcher = setInterval(async () => {
        const partial = (await fs.readdir(to).catch(() => [])).find((n) => n.endsWith('.partial'));
        if (partial && (await fs.stat(path.join(to, partial, 'data/database.dump')).then(() => true, () => false))) {
          clearInterval(watcher);
          p.kill('SIGKILL');
        }
      }, 5);
    });
    clearInterval(watcher);
    expect(r.signal).toBe('SIGKILL');
    const left = await backupsIn(to);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.lantai-backup-.*\.partial$/);
    const target = await emptyDatabase();
    const refused = await admin({ url: target.url, dataDir: path.join(tmp, 'data-d') }, ['restore', '--from', path.join(to, left[0] as string)]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('the backup is damaged; nothing was changed');

    await new Promise((res) => setTimeout(res, 1100)); // a new second, so a new folder name
    const ok = await admin({ url: t.databaseUrl, dataDir: dataA }, ['backup', '--to', to]);
    expect(ok.code, ok.out).toBe(0);
    expect((await backupsIn(to)).filter((n) => n.startsWith('lantai-backup-'))).toHaveLength(1);
  });
});
