import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, signedIn, type TestApp } from '../../../test/app.ts';
import { appendAudit } from './audit.repository.ts';
import { verifyAuditChain } from './audit.verify.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => t?.close());

async function chainShape() {
  const r = await t.c.db.selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('hi')]).executeTakeFirstOrThrow();
  return { n: Number(r.n), lo: Number(r.lo ?? 0), hi: Number(r.hi ?? 0) };
}
const count = async (action: string) => Number((await t.c.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'))
  .where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('the audit chain under concurrency and failure', () => {
  it('stays valid with contiguous seq under 50+ parallel actions, in and outside transactions', async () => {
    const sys = await signedIn(t, ['sysadmin']);
    const reader = await signedIn(t, ['reader']);
    const before = await chainShape();
    const results = await Promise.all([
      // users.create: the change and its audit row in one transaction
      ...Array.from({ length: 20 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/users', headers: sys.headers,
        payload: { username: `para${i}`, displayName: `P${i}`, password: 'parallel-pw-2026' } })),
      // denials: audited without a transaction of their own
      ...Array.from({ length: 20 }, () => t.app.inject({ url: '/api/users', headers: reader.headers })),
      // bare appends on the pool
      ...Array.from({ length: 15 }, (_, i) => appendAudit(t.c.db, { actorId: null, actorName: 'system', actorRoles: [], action: 'test.bare', outcome: 'success', detail: { i } })),
    ]);
    const statuses = results.slice(0, 40).map((r) => (typeof r === 'number' ? r : r.statusCode));
    expect(statuses).toEqual([...Array(20).fill(200), ...Array(20).fill(403)]);
    const after = await chainShape();
    expect(after).toEqual({ n: before.n + 55, lo: 1, hi: before.n + 55 });
    expect([await count('users.create'), await count('denied:users.list'), await count('test.bare')]).toEqual([20, 20, 15]);
    expect(await verifyAuditChain(t.c.db)).toMatchObject({ ok: true, checked: after.n });
  });

  it('rolls the audit row back with the change it records (failure after the audit insert)', async () => {
    const before = await chainShape();
    await expect(t.c.db.transaction().execute(async (tx) => {
      const u = await tx.insertInto('users').values({ username: 'ghost', display_name: 'G', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      await appendAudit(tx, { actorId: null, actorName: 'system', actorRoles: [], action: 'users.create', outcome: 'success', targetType: 'user', targetId: u.id });
      throw new Error('crash after the audit insert');
    })).rejects.toThrow('crash after the audit insert');
    expect(await t.c.db.selectFrom('users').select('id').where('username', '=', 'ghost').executeTakeFirst()).toBeUndefined();
    expect(await chainShape()).toEqual(before);
  });

  it('through the API: a commit that fails after the audit row leaves neither the account nor its audit row, and no gap', async () => {
    const sys = await signedIn(t, ['sysadmin']);
    // A deferred trigger fires at COMMIT, i.e. after the service has written both the user and its audit row.
    await sql`create function test_fail_commit() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`.execute(t.c.db);
    await sql`create constraint trigger test_fail_commit after insert on audit_log deferrable initially deferred
      for each row when (new.action = 'users.create') execute function test_fail_commit()`.execute(t.c.db);
    const before = await chainShape();
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: sys.headers, payload: { username: 'never_there', displayName: 'N', password: 'never-there-pw-1' } });
    await sql`drop trigger test_fail_commit on audit_log; drop function test_fail_commit()`.execute(t.c.db);
    expect([r.statusCode, r.json().code]).toEqual([500, 'internal']);
    expect(await t.c.db.selectFrom('users').select('id').where('username', '=', 'never_there').executeTakeFirst()).toBeUndefined();
    expect(await chainShape()).toEqual(before);
    const again = await t.app.inject({ method: 'POST', url: '/api/users', headers: sys.headers, payload: { username: 'never_there', displayName: 'N', password: 'never-there-pw-1' } });
    expect(again.statusCode).toBe(200);
    expect(await chainShape()).toEqual({ n: before.n + 1, lo: 1, hi: before.hi + 1 });
  });

  it('through the API: when the audit row cannot be written, the change does not happen', async () => {
    const sys = await signedIn(t, ['sysadmin']);
    const target = await signedIn(t, ['reader']);
    await sql`create function test_fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`.execute(t.c.db);
    await sql`create trigger test_fail_audit before insert on audit_log for each row when (new.action = 'users.update') execute function test_fail_audit()`.execute(t.c.db);
    const r = await t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: sys.headers, payload: { disabled: true } });
    await sql`drop trigger test_fail_audit on audit_log; drop function test_fail_audit()`.execute(t.c.db);
    expect(r.statusCode).toBe(500);
    const u = await t.c.db.selectFrom('users').select(['disabled', 'version']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(u).toEqual({ disabled: false, version: 1 });
    expect((await t.app.inject({ url: '/api/auth/session', headers: target.headers })).statusCode).toBe(200);
    expect((await verifyAuditChain(t.c.db)).ok).toBe(true);
  });
});
