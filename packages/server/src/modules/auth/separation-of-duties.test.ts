import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, signedIn, type TestApp } from '../../../test/app.ts';
import { verifyAuditChain } from '../audit/index.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => t?.close());

const userRow = (id: string) => t.c.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditRows = (targetId: string) => t.c.db.selectFrom('audit_log').selectAll().where('target_id', '=', targetId).orderBy('seq').execute();
const grant = (headers: Record<string, string>, id: string, payload: object) => t.app.inject({ method: 'PUT', url: `/api/users/${id}/grants`, headers, payload });

describe('三员分立 (separation of duties)', () => {
  it('refuses two admin roles on one account with 409 role_conflict, changing nothing', async () => {
    const sec = await signedIn(t, ['secadmin']);
    const target = await createUser(t.c, ['reader']);
    const before = await userRow(target.id);
    for (const roles of [['sysadmin', 'auditor'], ['secadmin', 'sysadmin', 'archivist'], ['auditor', 'secadmin']]) {
      const r = await grant(sec.headers, target.id, { roles, clearance: 'jimi' });
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('role_conflict');
    }
    expect(await userRow(target.id)).toEqual(before);
    expect(await auditRows(target.id)).toEqual([]);
  });

  it('has the database refuse it too, whatever path the write takes (CHECK constraint)', async () => {
    const u = await createUser(t.c, ['sysadmin']);
    await expect(sql`update users set roles = array['sysadmin','secadmin'] where id = ${u.id}`.execute(t.c.db)).rejects.toThrow(/users_separation_of_duties/);
    await expect(sql`update users set roles = roles || array['auditor'] where id = ${u.id}`.execute(t.c.db)).rejects.toThrow(/users_separation_of_duties/);
    await expect(sql`insert into users (username, display_name, password_hash, roles) values ('two_hats', 'x', 'x', array['secadmin','auditor','reader'])`.execute(t.c.db))
      .rejects.toThrow(/users_separation_of_duties/);
    expect((await userRow(u.id)).roles).toEqual(['sysadmin']);
  });

  it('does not let the security admin grant to themselves', async () => {
    const sec = await signedIn(t, ['secadmin']);
    const r = await grant(sec.headers, sec.id, { roles: ['secadmin', 'archivist'], clearance: 'juemi' });
    expect(r.statusCode).toBe(403);
    const me = await userRow(sec.id);
    expect([me.roles, me.clearance]).toEqual([['secadmin'], 'public']);
    const denied = await t.c.db.selectFrom('audit_log').selectAll().where('actor_id', '=', sec.id).where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toEqual(['denied:users.grant']);
  });

  it('gives an account created by the system admin no role at all, even when the request asks for one', async () => {
    const sys = await signedIn(t, ['sysadmin']);
    const r = await t.app.inject({ method: 'POST', url: '/api/users', headers: sys.headers,
      payload: { username: 'fresh_one', displayName: '新用户', password: 'fresh-password-1', roles: ['sysadmin'], clearance: 'juemi' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ roles: [], clearance: 'public', fondsScope: [], mustChangePassword: true });
    const row = await userRow(r.json().id);
    expect([row.roles, row.clearance]).toEqual([[], 'public']);
    expect((await auditRows(row.id)).map((a) => [a.action, a.outcome, a.actor_id])).toEqual([['users.create', 'success', sys.id]]);
    // Nor can an update smuggle roles in.
    const up = await t.app.inject({ method: 'PATCH', url: `/api/users/${row.id}`, headers: sys.headers, payload: { displayName: 'x', roles: ['sysadmin'] } });
    expect(up.statusCode).toBe(200);
    expect((await userRow(row.id)).roles).toEqual([]);
  });

  it('answers a system admin calling grants with 403 and an audit row with outcome denied', async () => {
    const sys = await signedIn(t, ['sysadmin']);
    const target = await createUser(t.c, ['reader']);
    const before = await userRow(target.id);
    const r = await grant(sys.headers, target.id, { roles: ['archivist'], clearance: 'mimi' });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('forbidden');
    expect(await userRow(target.id)).toEqual(before);
    const rows = await t.c.db.selectFrom('audit_log').selectAll().where('actor_id', '=', sys.id).where('action', '=', 'denied:users.grant').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'denied', actor_name: sys.username, actor_roles: ['sysadmin'] });
    expect(rows[0]?.detail).toMatchObject({ code: 'forbidden', method: 'PUT' });
  });

  it('refuses role escalation by anyone but the security admin, on themselves or others', async () => {
    for (const role of ['reader', 'archivist', 'records_officer', 'auditor'] as const) {
      const s = await signedIn(t, [role]);
      const other = await createUser(t.c, ['reader']);
      const [me0, other0] = [await userRow(s.id), await userRow(other.id)];
      for (const id of [s.id, other.id]) {
        const r = await grant(s.headers, id, { roles: ['sysadmin'], clearance: 'juemi', fondsScope: ['*'] });
        expect(r.statusCode, role).toBe(403);
      }
      expect([await userRow(s.id), await userRow(other.id)]).toEqual([me0, other0]);
    }
  });

  it('applies a grant to live sessions at once, and audits it with before and after', async () => {
    const sec = await signedIn(t, ['secadmin']);
    const u = await signedIn(t, ['reader']);
    expect((await t.app.inject({ url: '/api/tokens', headers: u.headers })).statusCode).toBe(403);
    const ok = await grant(sec.headers, u.id, { roles: ['archivist'], clearance: 'mimi', fondsScope: ['0001'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ roles: ['archivist'], clearance: 'mimi', fondsScope: ['0001'] });
    expect((await t.app.inject({ url: '/api/tokens', headers: u.headers })).statusCode).toBe(200);
    const row = (await auditRows(u.id)).find((a) => a.action === 'users.grant');
    expect(row).toMatchObject({ outcome: 'success', actor_id: sec.id });
    expect(row?.before_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.after_digest).not.toBe(row?.before_digest);
    expect((await verifyAuditChain(t.c.db)).ok).toBe(true);
  });
});
