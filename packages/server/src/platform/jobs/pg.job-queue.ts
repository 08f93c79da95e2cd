import { CompiledQuery, type Selectable } from 'kysely';
import PgBoss from 'pg-boss';
import type { Conn, Db } from '../db/database.ts';
import type { JobRunsTable } from '../db/schema.ts';
import { JOB_NAMES } from './job-types.ts';
import { assertOneHandlerEach, type JobQueue, type JobRun, type JobState } from './job-queue.ts';

/** pg-boss on the same database; Lantai's job_runs table carries state and progress for the API. */
export async function createPgJobQueue(db: Db, connectionString: string, log: (msg: string, err?: unknown) => void): Promise<JobQueue> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, application_name: 'lantai-jobs' });
  boss.on('error', (e) => log('pg-boss error', e));
  await boss.start();
  for (const name of JOB_NAMES) await boss.createQueue(name).catch(() => undefined);
  let stopped = false;

  const present = (r: Selectable<JobRunsTable>): JobRun => ({
    id: r.id, name: r.name, state: r.state as JobState, percent: r.percent, message: r.message, createdBy: r.created_by,
    createdAt: r.created_at, startedAt: r.started_at, completedAt: r.completed_at, output: r.output ?? undefined,
  });
  const get = async (id: string) => {
    const r = await db.selectFrom('job_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? present(r) : null;
  };

  const queue: JobQueue = {
    async enqueue(name, payload, opts = {}) {
      const conn: Conn = opts.tx ?? db;
      // pg-boss writes through our connection, so a job sent inside a transaction exists only if it commits.
      const viaConn = { executeSql: async (text: string, values: unknown[]) => ({ rows: (await conn.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) };
      const id = crypto.randomUUID();
      await conn.insertInto('job_runs').values({ id, name, created_by: opts.createdBy ?? null }).execute();
      await boss.send(name, payload as object, { id, db: viaConn, retryLimit: 0 });
      return id;
    },
    get,
    async list({ limit, state, createdBy }) {
      let q = db.selectFrom('job_runs').selectAll().orderBy('created_at', 'desc').limit(limit);
      if (state) q = q.where('state', '=', state);
      if (createdBy !== undefined) q = q.where('created_by', '=', createdBy);
      return (await q.execute()).map(present);
    },
    async work(defs) {
      assertOneHandlerEach(JOB_NAMES, defs);
      for (const def of defs) {
        await boss.updateQueue(def.name, { name: def.name, retryLimit: def.retries ?? 0 }).catch(() => undefined);
        if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
        await boss.work(def.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
          if (!job) return;
          const id = job.id;
          await db.updateTable('job_runs').set({ state: 'active', started_at: new Date(), message: null }).where('id', '=', id).execute();
          let last = 0;
          const progress = async (percent: number, message?: string) => {
            if (Date.now() - last < 1000 && percent < 100) return;
            last = Date.now();
            await db.updateTable('job_runs').set({ percent: Math.max(0, Math.min(100, percent)), ...(message !== undefined ? { message } : {}) }).where('id', '=', id).execute();
          };
          try {
            const output = await def.handler({ id, payload: job.data as never, progress });
            await db.updateTable('job_runs').set({ state: 'completed', percent: 100, completed_at: new Date(), output: JSON.stringify(output ?? null) }).where('id', '=', id).execute();
            return output;
          } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            await db.updateTable('job_runs').set({ state: 'failed', completed_at: new Date(), message: message.slice(0, 1000) }).where('id', '=', id).execute();
            throw e;
          }
        });
      }
    },
    async waitFor(id, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await get(id);
        if (r && ['completed', 'failed', 'cancelled'].includes(r.state)) return r;
        if (Date.now() > until || stopped) throw new Error(`job ${id} did not end in ${timeoutMs} ms (state ${r?.state ?? 'unknown'})`);
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async stop() {
      stopped = true;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch((e) => log('pg-boss stop failed', e));
    },
  };
  return queue;
}
