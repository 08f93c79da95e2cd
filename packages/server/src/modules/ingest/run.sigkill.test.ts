import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import { runWorkDir } from './ingest.paths.ts';
import { executeRun } from './run.execute.ts';
import { STALE_RUN_FAILURE, sweepStaleRuns } from './run.sweep.ts';
import { ingestClient } from './test/ingest.kit.ts';
import { transfer2012, zipBuffer } from './test/zip.writer.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); }, 60_000); // no worker: the child process is the worker that dies
afterAll(async () => { await t.close(); });

it('kill -9 in the middle of a check run: a later sweep past the job expiry ends it failed, work folder gone, no records', { timeout: 300_000 }, async () => {
  const arch = await signedIn(t, ['archivist']);
  const { categoryId } = await buildFonds(t.app, arch.headers);
  await t.app.inject({ method: 'PUT', url: '/api/ingest/config/GD', headers: arch.headers, payload: { version: 0, items: { 'virus-scanner': { enabled: false, settings: {} }, 'virus-scan': { enabled: false, settings: {} } } } });
  const io = ingestClient(t, arch.headers);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ title: `通知 ${i + 1}`, date: '20210315', file: `f${i + 1}.txt`, data: `content ${i + 1}` }));
  const up = await io.upload(zipBuffer(transfer2012(rows)), 'many.zip', 1 << 20);
  const run = await io.run(up.id, categoryId, { defaults: { orgCode: 'BGS' } });
  const dataDir = t.c.config.dataDir;
  const workDir = runWorkDir(dataDir, run.id);

  const child = spawn(process.execPath, ['--import', tsx, path.join(here, 'test/run.sigkill-child.ts'), t.databaseUrl, dataDir, run.id], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // Killed once the package is unpacked and the checks are under way (work folder half-used).
      if (/progress [^\n]*\n/.test(out.replace(/progress 解包[^\n]*\n/g, ''))) { child.kill('SIGKILL'); resolve(); }
      if (out.includes('done')) reject(new Error('the run finished before it could be killed'));
    });
    child.once('exit', () => resolve());
  });
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  const state = async () => t.c.db.selectFrom('ingest_runs').innerJoin('job_runs', 'job_runs.id', 'ingest_runs.job_id')
    .select(['ingest_runs.status', 'ingest_runs.failure', 'job_runs.state']).where('ingest_runs.id', '=', run.id).executeTakeFirstOrThrow();
  expect(await state()).toMatchObject({ status: 'running', state: 'active' });
  expect(fs.existsSync(workDir)).toBe(true);

  // A live run (within the job expiry) is left alone.
  const ended: string[] = [];
  const onEnded = async (_tx: unknown, id: string) => { ended.push(id); };
  expect(await sweepStaleRuns({ db: t.c.db, dataDir, onEnded })).toEqual([]);
  expect((await state()).status).toBe('running');

  // Past the (configurable) expiry, the fresh worker's sweep ends it.
  await new Promise((r) => setTimeout(r, 1100));
  expect(await sweepStaleRuns({ db: t.c.db, dataDir, onEnded }, 1000)).toEqual([run.id]);
  expect(ended).toEqual([run.id]);
  expect(await state()).toEqual({ status: 'failed', failure: STALE_RUN_FAILURE, state: 'failed' });
  expect(fs.existsSync(workDir)).toBe(false);
  const api = (await t.app.inject({ url: `/api/ingest/runs/${run.id}`, headers: arch.headers })).json();
  expect(api).toMatchObject({ status: 'failed', failure: STALE_RUN_FAILURE, reportSha256: null });
  const count = async (table: 'records' | 'ingest_run_records' | 'ingest_run_items', col: string, v: string) =>
    Number((await t.c.db.selectFrom(table as 'records').select((eb) => eb.fn.countAll<number>().as('n')).where(col as never, '=', v as never).executeTakeFirstOrThrow()).n);
  expect(await count('records', 'category_id', categoryId)).toBe(0);
  expect(await count('ingest_run_records', 'run_id', run.id)).toBe(0);
  expect(await count('ingest_run_items', 'run_id', run.id)).toBe(0);

  // Sweeping again changes nothing; a late retry of the dead job does not resurrect the run.
  expect(await sweepStaleRuns({ db: t.c.db, dataDir, onEnded }, 0)).toEqual([]);
  await executeRun({ db: t.c.db, storage: t.c.storage, dataDir }, run.id, async () => {});
  expect((await state()).status).toBe('failed');
  expect(fs.existsSync(workDir)).toBe(false);
});
