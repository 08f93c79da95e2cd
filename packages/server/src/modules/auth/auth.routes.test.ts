import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login, signedIn, type TestApp } from '../../../test/app.ts';
import { verifyAuditChain } from '../audit/index.ts';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp(); });
afterAll(async () => { await t.close(); });

describe('login and sessions', () => {
  it('signs in, reads the session, and signs out', async () => {
    const u = await createUser(t.c, ['archivist']);
    const s = await login(t.app, u.username);
    const me = await t.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe(u.username);
    expect(me.json().user).not.toHaveProperty('passwordHash');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(200);
    const after = await t.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('rejects a wrong password with a stable code, in Chinese by default and English on request, and audits it', async () => {
    const u = await createUser(t.c, ['reader']);
    const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'nope-nope-1' } });
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toMatchObject({ code: 'invalid_credentials', message: '用户名或密码错误' });
    expect(zh.json().requestId).toBe(zh.headers['x-request-id']);
    const en = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en-US' }, payload: { username: u.username, password: 'x' } });
    expect(en.json().message).toBe('Wrong user name or password');
    const rows = await t.c.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').where('target_id', '=', u.id).execute();
    expect(rows.filter((r) => r.outcome === 'failure')).toHaveLength(2);
  });

  it('locks the account after 5 failures, even for the right password, until unlocked', async () => {
    const u = await createUser(t.c, ['reader']);
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: `wrong-${i}` } });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('account_locked');
    const admin = await signedIn(t, ['sysadmin']);
    const un = await t.app.inject({ method: 'POST', url: `/api/users/${u.id}/unlock`, headers: admin.headers });
    expect(un.statusCode).toBe(200);
    await login(t.app, u.username);
  });

  it('refers an unknown user and a wrong password alike', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'whatever-1' } });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('invalid_credentials');
  });

  it('refuses state changes without the CSRF token and audits the denial', async () => {
    const s = await signedIn(t, ['archivist']);
    const r = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('csrf_failed');
    const still = await t.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } });
    expect(still.statusCode).toBe(200);
    const denied = await t.c.db.selectFrom('audit_log').selectAll().where('outcome', '=', 'denied').where('actor_name', '=', s.username).execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('changes a password: weak ones refused, old sessions ended, new one works', async () => {
    const s = await signedIn(t, ['reader']);
    const other = await login(t.app, s.username);
    const weak = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: s.password, newPassword: 'short1' } });
    expect(weak.json().code).toBe('weak_password');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: 'bad-bad-bad-1', newPassword: 'a-much-better-pw-2026' } });
    expect(wrong.json().code).toBe('wrong_password');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: s.headers, payload: { currentPassword: s.password, newPassword: 'a-much-better-pw-2026' } });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/session', headers: { cookie: other.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/session', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    await login(t.app, s.username, 'a-much-better-pw-2026');
  });

  it('answers malformed JSON and oversized bodies with clear codes', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('malformed_json');
    const big = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2_000_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('body_too_large');
    const invalid = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('validation_failed');
    expect(invalid.json().issues.length).toBeGreaterThan(0);
  });

  it('keeps the audit chain valid through all of the above', async () => {
    const v = await verifyAuditChain(t.c.db);
    expect(v.ok).toBe(true);
    expect(v.checked).toBeGreaterThan(10);
  });
});
