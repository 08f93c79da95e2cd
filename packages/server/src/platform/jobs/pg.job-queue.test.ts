import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/database.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { assertOneHandlerEach, defineJob, type JobQueue } from './job-queue.ts';
import { JOB_NAMES } from './job-types.ts';
import { createPgJobQueue } from './pg.job-queue.ts';

let db: Db;
let q: JobQueue;
let url: string;
const gate: { release?: () => void; fail?: boolean } = {};

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDb(url);
  q = await createPgJobQueue(db, url, () => {});
  await q.work([
    defineJob({
      name: 'audit.verify',
      async handler({ payload, progress }) {
        await progress(40, 'step 2/5');
        await new Promise<void>((r) => (gate.release = r));
        if (gate.fail) throw new Error(`refused for ${payload.requestedBy}`);
        return { ok: true, by: payload.requestedBy };
      },
    }),
    defineJob({ name: 'demo.load', async handler() { return { records: 0 }; } }),
    // Every other registered name needs its one handler too; these never run here.
    ...JOB_NAMES.filter((n) => n !== 'audit.verify' && n !== 'demo.load').map((name) => defineJob({ name, async handler() { throw new Error('not used in this test'); } })),
  ]);
});
afterAll(async () => {
  await q.stop();
  await db.destroy();
});

const until = async (f: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await f()); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('pg-boss job queue', () => {
  it('runs a job, shows its progress while it runs, and keeps its output', async () => {
    const id = await q.enqueue('audit.verify', { requestedBy: 'alice' }, { createdBy: 'alice' });
    await until(async () => (await q.get(id))?.percent === 40);
    const mid = await q.get(id);
    expect(mid).toMatchObject({ state: 'active', percent: 40, message: 'step 2/5', createdBy: 'alice' });
    gate.release!();
    const done = await q.waitFor(id, 20_000);
    expect(done).toMatchObject({ state: 'completed', percent: 100, output: { ok: true, by: 'alice' } });
    expect((await q.list({ limit: 10, createdBy: 'alice' })).map((j) => j.id)).toContain(id);
    expect(await q.list({ limit: 10, createdBy: 'nobody' })).toEqual([]);
  });

  it('records a failure with its message', async () => {
    gate.fail = true;
    gate.release = undefined; // the first test's resolver is spent: wait for this run's handler to set its own
    const id = await q.enqueue('audit.verify', { requestedBy: 'bob' });
    await until(async () => (await q.get(id))?.state === 'active' && gate.release !== undefined);
    gate.release!();
    const j = await q.waitFor(id, 20_000);
    expect(j.state).toBe('failed');
    expect(j.message).toBe('refused for bob');
    gate.fail = false;
  });

  it('enqueues inside a transaction only if it commits', async () => {
    let id = '';
    await db.transaction().execute(async (tx) => {
      id = await q.enqueue('demo.load', { scale: 0 }, { tx });
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(await q.get(id)).toBeNull();
    const rows = await db.selectFrom('pgboss.job' as never).select('id' as never).where('id' as never, '=', id as never).execute();
    expect(rows).toEqual([]);
    const committed = await db.transaction().execute((tx) => q.enqueue('demo.load', { scale: 0 }, { tx }));
    expect((await q.waitFor(committed, 20_000)).state).toBe('completed');
  });

  it('refuses to start workers unless every job name has exactly one handler', () => {
    const one = defineJob({ name: 'audit.verify', async handler() { return null; } });
    const demo = defineJob({ name: 'demo.load', async handler() { return null; } });
    const names = ['audit.verify', 'demo.load'];
    expect(() => assertOneHandlerEach(names, [one])).toThrow(/demo.load \(0 handlers\)/);
    expect(() => assertOneHandlerEach(names, [one, one, demo])).toThrow(/audit.verify \(2 handlers\)/);
    expect(() => assertOneHandlerEach(names, [one, demo])).not.toThrow();
    expect(() => assertOneHandlerEach(['audit.verify'], [one, demo])).toThrow(/demo.load \(unknown name\)/);
  });
});
