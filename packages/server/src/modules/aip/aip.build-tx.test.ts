import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { createAipBuilder, STAGING_EVENT } from './aip.build.ts';
import { archivedRecord, unpackTar } from './aip.test-kit.ts';
import { validateBagDir } from './bag.validate.ts';

// The AIP build keeps file work out of database transactions; a crash between storing and recording leaves a harmless orphan that the sweep removes.
const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
let h: Record<string, string>;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantai-aip-tx-'));
  t = await buildTestApp({ env: { LANTAI_DATA_DIR: dataDir } });
  h = (await signedIn(t, ['archivist'], { clearance: 'juemi' })).headers;
});
afterAll(async () => { await t?.close(); await rm(dataDir, { recursive: true, force: true }); });

const TXT = Buffer.from('关于档案长期保存的说明\n');
const openTransactions = async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`.execute(t.c.db)).rows[0]!.n);

describe('AIP build outside long transactions', () => {
  it('stores the bag while no transaction is open, then records it; a record that moved meanwhile is built again', async () => {
    const r = await archivedRecord(t.app, h, [['说明.txt', TXT]]);
    const seen: { open: number; sha: string }[] = [];
    let moveOnce = true;
    const storage: ObjectStorage = {
      ...t.c.storage,
      put: async (src, o) => {
        const out = await t.c.storage.put(src, o);
        seen.push({ open: await openTransactions(), sha: out.sha256 });
        if (moveOnce) { // an edit lands while the first tar is being stored
          moveOnce = false;
          await t.c.db.updateTable('records').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', r.id).execute();
        }
        return out;
      },
    };
    const b = createAipBuilder({ db: t.c.db, storage, tmpDir: path.join(dataDir, 'tmp', 'aip') });
    const res = await b.build(r.id, 'tester');
    expect(res.built).toBe(true);
    expect(seen.map((s) => s.open)).toEqual([0, 0]);
    const rows = await t.c.db.selectFrom('aips').selectAll().where('record_id', '=', r.id).execute();
    expect(rows).toHaveLength(1);
    const rec = await t.c.db.selectFrom('records').select('version').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(rows[0]!.record_version).toBe(rec.version);
    expect(rows[0]!.sha256).toBe(seen[1]!.sha);
    expect(await t.c.storage.head(seen[0]!.sha)).toBeNull(); // the stale tar went again
    expect(await t.c.storage.head(seen[1]!.sha)).not.toBeNull();
  });

  it('SIGKILL between storing the tar and recording it: no AIP row, a harmless orphan the sweep removes; the next build succeeds', { timeout: 120_000 }, async () => {
    const r = await archivedRecord(t.app, h, [['说明.txt', TXT], ['附件.txt', Buffer.from('附件内容')]]);
    const proc = spawn(process.execPath, ['--import', tsx, path.join(here, 'test/build-child.ts')], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, OBJECTS_DIR: t.c.config.objectsDir, TMP_DIR: path.join(dataDir, 'tmp', 'aip'), RECORD_ID: r.id },
    });
    let out = '';
    const stored = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /STORED ([0-9a-f]{64})/.exec(out);
        if (m) { proc.kill('SIGKILL'); resolve(m[1]!); }
      });
      proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
      proc.on('exit', () => reject(new Error(`child ended before storing: ${out}`)));
    });
    await new Promise((res) => proc.once('exit', res));
    expect(await t.c.db.selectFrom('aips').selectAll().where('record_id', '=', r.id).execute()).toEqual([]);
    expect(await t.c.storage.head(stored)).not.toBeNull();
    const staged = await t.c.db.selectFrom('preservation_events').select(['object_sha256', 'record_id']).where('event_type', '=', STAGING_EVENT).where('object_sha256', '=', stored).execute();
    expect(staged).toEqual([{ object_sha256: stored, record_id: r.id }]);

    const young = await t.c.aip.aips.sweepOrphans(); // younger than a build may take: kept
    expect(young.objects).toBe(0);
    expect(await t.c.storage.head(stored)).not.toBeNull();
    expect((await t.c.aip.aips.sweepOrphans({ olderThanMs: 0 })).objects).toBe(1);
    expect(await t.c.storage.head(stored)).toBeNull();

    const again = await t.c.aip.aips.build(r.id, 'tester');
    expect(again).toMatchObject({ built: true, aip: { version: 1 } });
    const tar = await t.app.inject({ url: `/api/records/${r.id}/aips/1/content`, headers: h });
    expect((await validateBagDir(await unpackTar(tar.rawPayload))).errors).toEqual([]);
    // The sweep never touches a recorded AIP.
    expect((await t.c.aip.aips.sweepOrphans({ olderThanMs: 0 })).objects).toBe(0);
    expect(await t.c.storage.head(again.aip!.sha256)).not.toBeNull();
  });

  it('a full disk while storing the AIP (ENOSPC from the store, simulated by a wrapper) fails clearly and records nothing; the next build succeeds', async () => {
    const r = await archivedRecord(t.app, h, [['说明.txt', Buffer.from('磁盘满测试')]]);
    const full: ObjectStorage = {
      ...t.c.storage,
      put: async () => { throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); },
    };
    const tmpDir = path.join(dataDir, 'tmp', 'aip-full');
    await expect(createAipBuilder({ db: t.c.db, storage: full, tmpDir }).build(r.id, 'tester')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await t.c.db.selectFrom('aips').select('id').where('record_id', '=', r.id).execute()).toEqual([]);
    expect(await t.c.db.selectFrom('audit_log').select('seq').where('action', '=', 'aip.build').where('target_id', '=', r.id).execute()).toEqual([]);
    expect(await readdir(tmpDir)).toEqual([]); // the temp tar and METS are gone
    expect(await t.c.aip.aips.build(r.id, 'tester')).toMatchObject({ built: true, aip: { version: 1 } });
  });
});
