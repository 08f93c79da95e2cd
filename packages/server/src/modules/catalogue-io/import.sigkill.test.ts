import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { buildFonds } from '../../../test/catalogue-factory.ts';
import type { ImportJobPayload } from '../../platform/jobs/job-types.ts';
import { runCommit } from './import.commit.ts';
import { runValidation } from './import.validate.ts';
import { csvFile, ioClient, WS_HEADER, wsRow } from './io.test-kit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); }); // no worker: this test runs the steps itself
afterAll(async () => { await t.close(); });

it('kill -9 in the middle of a commit leaves nothing behind, and the import can be committed again', { timeout: 180_000 }, async () => {
  const arch = await signedIn(t, ['archivist']);
  const io = ioClient(t, arch.headers);
  const { categoryId, fondsCode } = await buildFonds(t.app, arch.headers);
  const rows = [WS_HEADER, ...Array.from({ length: 30_000 }, (_, i) => wsRow(fondsCode, i))];
  const up = (await io.upload(categoryId, 'big.csv', csvFile(rows))).json();
  const mapping = (await t.app.inject({ url: `/api/imports/${up.id}/preview`, headers: arch.headers })).json().suggestedMapping;
  await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/validate`, headers: arch.headers, payload: { mapping } });
  const payload: ImportJobPayload = { importId: up.id, actor: { id: arch.id, name: arch.username, roles: ['archivist'] }, securities: ['public'], requestId: null, ip: null };
  await runValidation(t.c.db, t.c.config.dataDir, payload, async () => {});
  expect(await io.get(up.id)).toMatchObject({ status: 'validated', totalRows: 30_000, errorRows: 0 });
  expect((await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/commit`, headers: arch.headers })).statusCode).toBe(200);

  const child = spawn(process.execPath, ['--import', tsx, path.join(here, 'import.commit-child.ts'), t.databaseUrl, t.c.config.dataDir, JSON.stringify(payload)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // Killed once the first batch (10 000 rows) is in the open transaction and the second is on its way.
      if (/progress [23]\d{4}\//.test(out)) { child.kill('SIGKILL'); resolve(); }
      if (out.includes('done')) reject(new Error('the commit finished before it could be killed'));
    });
    child.once('exit', () => resolve());
  });
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  const count = async () => Number((await t.c.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', '=', categoryId).executeTakeFirstOrThrow()).n);
  expect(await count()).toBe(0);
  expect(await t.c.db.selectFrom('item_counters').selectAll().where('counter_key', 'like', `${categoryId}:%`).execute()).toEqual([]);
  expect((await io.get(up.id)).status).toBe('committing');

  // Once PostgreSQL has ended the dead session, the stale commit may be started again.
  let again = await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/commit`, headers: arch.headers });
  for (let i = 0; again.statusCode !== 200 && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    again = await t.app.inject({ method: 'POST', url: `/api/imports/${up.id}/commit`, headers: arch.headers });
  }
  expect(again.statusCode, again.body).toBe(200);
  await runCommit(t.c.db, t.databaseUrl, t.c.config.dataDir, payload, async () => {});
  expect(await io.get(up.id)).toMatchObject({ status: 'committed', committedRows: 30_000 });
  expect(await count()).toBe(30_000);
});
