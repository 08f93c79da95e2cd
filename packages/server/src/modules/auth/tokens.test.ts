import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login, signedIn, type TestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({
    // No real route takes tokens yet: this one stands in for them (same hooks, same error handling).
    extraRoutes: (app) => {
      app.get('/api/test/scoped', { schema: { operationId: 'test.scoped' }, config: { tokenScope: 'catalogue:read' } },
        async (req) => ({ kind: req.actor.kind, username: req.actor.kind === 'anonymous' ? null : req.actor.username, fondsScope: req.actor.kind === 'anonymous' ? [] : req.actor.fondsScope }));
    },
  });
});
afterAll(async () => t?.close());

async function newToken(headers: Record<string, string>, body: object = {}) {
  const r = await t.app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: 'erp', scopes: ['catalogue:read'], ...body } });
  expect(r.statusCode, r.body).toBe(200);
  const { token, secret } = r.json() as { token: { id: string; prefix: string }; secret: string };
  return { id: token.id, prefix: token.prefix, secret, auth: { authorization: `Bearer ${secret}` } };
}
const scoped = (headers: Record<string, string>) => t.app.inject({ url: '/api/test/scoped', headers });

describe('API tokens', () => {
  it('shows the secret once, at creation, and stores only its digest', async () => {
    const a = await signedIn(t, ['archivist']);
    const tok = await newToken(a.headers);
    expect(tok.secret).toMatch(new RegExp(`^lt_${tok.prefix}_[A-Za-z0-9_-]{32}$`));
    const row = await t.c.db.selectFrom('api_tokens').selectAll().where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(tok.secret).digest('hex'));
    const rand = tok.secret.split('_').pop() as string;
    expect(JSON.stringify(row)).not.toContain(rand);
    const listed = await t.app.inject({ url: '/api/tokens', headers: a.headers });
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([tok.id]);
    expect(listed.body).not.toContain(rand);
    expect(listed.json().items[0]).not.toHaveProperty('secret');
    const audit = await t.c.db.selectFrom('audit_log').selectAll().where('action', '=', 'tokens.create').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(rand);
    const ok = await scoped(tok.auth);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'token', username: a.username });
  });

  it('refuses a token on a route without that tokenScope with 403 token_scope, audited as denied', async () => {
    const a = await signedIn(t, ['archivist']);
    const all = await newToken(a.headers, { scopes: ['archive:write', 'catalogue:read', 'catalogue:write', 'transfer:write'] });
    for (const url of ['/api/tokens', '/api/auth/session', '/api/jobs']) {
      const r = await t.app.inject({ url, headers: all.auth });
      expect([r.statusCode, r.json().code], url).toEqual([403, 'token_scope']);
    }
    const other = await newToken(a.headers, { scopes: ['archive:write'] });
    expect((await scoped(other.auth)).json().code).toBe('token_scope');
    const denied = await t.c.db.selectFrom('audit_log').selectAll().where('actor_name', '=', `${a.username} (token)`).orderBy('seq').execute();
    expect(denied.map((d) => [d.action, d.outcome])).toEqual([
      ['denied:tokens.list', 'denied'], ['denied:auth.session', 'denied'], ['denied:jobs.list', 'denied'], ['denied:test.scoped', 'denied']]);
  });

  it('answers 401 token_invalid for a revoked token, and only its owner may revoke it', async () => {
    const a = await signedIn(t, ['archivist']);
    const tok = await newToken(a.headers);
    const stranger = await signedIn(t, ['archivist']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${tok.id}`, headers: stranger.headers })).statusCode).toBe(404);
    expect((await scoped(tok.auth)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${tok.id}`, headers: a.headers })).statusCode).toBe(200);
    const r = await scoped(tok.auth);
    expect([r.statusCode, r.json().code]).toEqual([401, 'token_invalid']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${tok.id}`, headers: a.headers })).statusCode).toBe(404);
  });

  it('answers 401 for an expired token', async () => {
    const a = await signedIn(t, ['records_officer'], { fondsScope: ['0001'] });
    const tok = await newToken(a.headers, { expiresInDays: 1 });
    expect((await scoped(tok.auth)).statusCode).toBe(200);
    await t.c.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', tok.id).execute();
    const r = await scoped(tok.auth);
    expect([r.statusCode, r.json().code]).toEqual([401, 'token_invalid']);
  });

  it('answers 401 for a token whose owner is disabled, and again 200 once re-enabled', async () => {
    const owner = await createUser(t.c, ['archivist']);
    const tok = await newToken((await login(t.app, owner.username)).headers);
    const sys = await signedIn(t, ['sysadmin']);
    const off = await t.app.inject({ method: 'PATCH', url: `/api/users/${owner.id}`, headers: sys.headers, payload: { disabled: true } });
    expect(off.statusCode).toBe(200);
    expect((await scoped(tok.auth)).statusCode).toBe(401);
    await t.app.inject({ method: 'PATCH', url: `/api/users/${owner.id}`, headers: sys.headers, payload: { disabled: false } });
    expect((await scoped(tok.auth)).statusCode).toBe(200);
  });

  it('revokes the tokens of a user who loses every role that may hold one (audited), and keeps them on other grant changes', async () => {
    const owner = await createUser(t.c, ['archivist']);
    const tok = await newToken((await login(t.app, owner.username)).headers);
    const sec = await signedIn(t, ['secadmin']);
    const grant = (roles: string[]) => t.app.inject({ method: 'PUT', url: `/api/users/${owner.id}/grants`, headers: sec.headers, payload: { roles, clearance: 'internal' } });
    expect((await grant(['archivist', 'reader'])).statusCode).toBe(200);
    expect((await scoped(tok.auth)).statusCode).toBe(200);
    expect((await grant(['reader'])).statusCode).toBe(200);
    expect((await scoped(tok.auth)).statusCode).toBe(401);
    const row = await t.c.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', tok.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const a = await t.c.db.selectFrom('audit_log').select('detail').where('action', '=', 'users.grant').where('target_id', '=', owner.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect((a.detail as { revokedTokens: string[] }).revokedTokens).toEqual([tok.id]);
    // Granting the role back does not bring a revoked token back to life.
    expect((await grant(['archivist'])).statusCode).toBe(200);
    expect((await scoped(tok.auth)).statusCode).toBe(401);
  });

  it('answers 401 for malformed or unknown bearer secrets, and never falls back to the session cookie', async () => {
    const a = await signedIn(t, ['archivist']);
    for (const bearer of ['nope', 'lt_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', a.cookie.split('=')[1] as string]) {
      const r = await t.app.inject({ url: '/api/test/scoped', headers: { authorization: `Bearer ${bearer}`, cookie: a.cookie } });
      expect([r.statusCode, r.json().code]).toEqual([401, 'token_invalid']);
    }
  });

  it('never reaches beyond the fonds its owner holds now (a records officer is limited to own fonds)', async () => {
    const o = await signedIn(t, ['records_officer'], { fondsScope: ['0001', '0002'] });
    const tok = await newToken(o.headers, { fondsScope: ['0002', '0009'] });
    const all = await newToken(o.headers);
    expect((await scoped(tok.auth)).json().fondsScope).toEqual(['0002']);
    expect((await scoped(all.auth)).json().fondsScope).toEqual(['0001', '0002']);
    // The 安全保密管理员 narrows the officer's fonds: existing tokens narrow with it.
    await t.c.db.updateTable('users').set({ fonds_scope: ['0001'] }).where('id', '=', o.id).execute();
    expect((await scoped(tok.auth)).json().fondsScope).toEqual([]);
    expect((await scoped(all.auth)).json().fondsScope).toEqual(['0001']);
    // An officer with no fonds mints a token with none, whatever it asks for.
    const none = await signedIn(t, ['records_officer']);
    const greedy = await newToken(none.headers, { fondsScope: ['0001', '0002'] });
    expect((await scoped(greedy.auth)).json().fondsScope).toEqual([]);
  });
});
