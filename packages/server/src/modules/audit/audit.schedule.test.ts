import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';
import { AUDIT_VERIFY_CRON, SCHEDULER_NAME, auditJobs } from './audit.jobs.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp({ worker: true }); });
afterAll(async () => t?.close());

describe('the daily audit verification', () => {
  it('is scheduled with pg-boss when the workers start', async () => {
    const rows = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule where name = 'audit.verify'`.execute(t.c.db);
    expect(rows.rows).toEqual([{ name: 'audit.verify', cron: AUDIT_VERIFY_CRON }]);
  });

  it('run by the schedule (empty payload), verifies the chain, checkpoints it and audits the result as the scheduler', async () => {
    const def = auditJobs(t.c.db).find((d) => d.name === 'audit.verify')!;
    const before = await t.c.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const out = await def.handler({ id: crypto.randomUUID(), payload: {} as never, progress: async () => {} }) as { ok: boolean };
    expect(out.ok).toBe(true);
    const after = await t.c.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const row = await t.c.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.verify').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(row.actor_name).toBe(SCHEDULER_NAME);
    expect(row.detail).toMatchObject({ scheduled: true, ok: true });
  });
});
