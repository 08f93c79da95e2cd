import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { executeAccept } from './accept.execute.ts';
import { executeRun } from './run.execute.ts';
import { ingestClient } from './test/ingest.kit.ts';
import { transfer2012, zipBuffer } from './test/zip.writer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); }, 60_000); // no worker: this test runs the steps itself
afterAll(async () => { await t.close(); });

it('kill -9 in the middle of an accept leaves no record, file row or link; the accept can then be done again', { timeout: 300_000 }, async () => {
  const arch = await signedIn(t, ['archivist']);
  const { categoryId } = await buildFonds(t.app, arch.headers);
  await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  const io = ingestClient(t, arch.headers);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ title: `通知 ${i + 1}`, date: '20210315', file: `f${i + 1}.txt`, data: `content ${i + 1}` }));
  const up = await io.upload(zipBuffer(transfer2012(rows)), 'many.zip', 1 << 20);
  const run = await io.run(up.id, categoryId, { defaults: { orgCode: 'BGS' } });
  const deps = { db: t.c.db, storage: t.c.storage, dataDir: t.c.config.dataDir };
  await executeRun(deps, run.id, async () => {});
  const checked = (await t.app.inject({ url: `/api/ingest/runs/${run.id}`, headers: arch.headers })).json();
  expect(checked).toMatchObject({ status: 'checked', recordCount: 1000 });
  expect(checked.verdict).not.toBe('fail');
  expect((await io.decide(run.id, 'accept')).json().status).toBe('accepting');

  const child = spawn(process.execPath, ['--import', tsx, path.join(here, 'test/accept.sigkill-child.ts'), t.databaseUrl, t.c.config.dataDir, run.id], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // Killed once 300 or more records are written inside the open transaction.
      if (/写入 [3-9]00\//.test(out)) { child.kill('SIGKILL'); resolve(); }
      if (out.includes('done')) reject(new Error('the accept finished before it could be killed'));
    });
    child.once('exit', () => resolve());
  });
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  const n = async (table: 'records' | 'ingest_run_records') => Number((await t.c.db.selectFrom(table as 'records').select((eb) => eb.fn.countAll<number>().as('n'))
    .where(table === 'records' ? 'category_id' : ('run_id' as never), '=', table === 'records' ? categoryId : run.id).executeTakeFirstOrThrow()).n);
  expect(await n('records')).toBe(0);
  expect(await n('ingest_run_records')).toBe(0);
  expect(await t.c.db.selectFrom('item_counters').selectAll().where('counter_key', 'like', `${categoryId}:%`).execute()).toEqual([]);

  // The run is still 'accepting' (its job died); running the accept again completes it — objects already stored are reused.
  let ok = false;
  for (let i = 0; i < 50 && !ok; i++) {
    try { await executeAccept(deps, run.id, { id: null, name: 'retry', roles: ['archivist'], requestId: null, ip: null }, async () => {}); ok = true; } catch { await new Promise((r) => setTimeout(r, 200)); }
  }
  expect(ok).toBe(true);
  expect(await n('records')).toBe(1000);
  expect(await n('ingest_run_records')).toBe(1000);
});
