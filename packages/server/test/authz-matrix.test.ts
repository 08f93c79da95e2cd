/// <reference types="vite/client" />
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role, TokenScope } from '@lantai/api';
import { createSession } from '../src/modules/auth/session.repository.ts';
import { buildTestApp, createUser, signedIn, type TestApp } from './app.ts';
import { listRoutes, type RouteInfo } from './route-list.ts';
import { WS_TEMPLATE } from '../src/modules/scheme/templates.ts';
import { CAT, next, type Entry, type Matrix } from './authz/entry.ts';

/**
 * THE authorisation matrix (三员分立): every route of the app, and who may call it. A route missing here
 * fails the first test below — add it, with the roles the issue allows.
 */
const CORE: Matrix = {
  'health.live': { allow: 'public' },
  'health.ready': { allow: 'public' },
  'GET /api/openapi.json': { allow: 'public' },
  'GET /api/docs*': { allow: 'public' },
  'auth.login': { allow: 'public', body: () => ({ username: 'nobody-here', password: 'not-the-password-1' }) },
  'auth.session': { allow: 'signed-in' },
  'auth.logout': { allow: 'signed-in' },
  'auth.changePassword': { allow: 'signed-in', body: () => ({ currentPassword: 'not-the-password-1', newPassword: 'matrix-password-2' }) },
  'users.list': { allow: ['sysadmin', 'secadmin'] },
  'users.create': { allow: ['sysadmin'], body: () => ({ username: `matrix${next()}`, displayName: 'M', password: 'matrix-password-1' }) },
  'users.update': { allow: ['sysadmin'], body: () => ({ displayName: 'M' }) },
  'users.unlock': { allow: ['sysadmin'] },
  'users.grant': { allow: ['secadmin'], body: () => ({ roles: ['reader'], clearance: 'public' }) },
  'tokens.list': { allow: ['archivist', 'records_officer'] },
  'tokens.create': { allow: ['archivist', 'records_officer'], body: () => ({ name: 'm', scopes: ['catalogue:read'] }) },
  'tokens.revoke': { allow: ['archivist', 'records_officer'] },
  'audit.list': { allow: ['auditor'] },
  'audit.verify': { allow: ['auditor'] },
  'audit.verifyJob': { allow: ['auditor'] },
  'jobs.list': { allow: 'signed-in' },
  'jobs.get': { allow: 'signed-in' },
  // Catalogue: the 档案管理员 manages; the 立档单位档案员 works within their fonds (a random id is 404 either way).
  'fonds.list': { allow: CAT, tokenScope: 'catalogue:read' },
  'fonds.get': { allow: CAT, tokenScope: 'catalogue:read' },
  'fonds.create': { allow: ['archivist'], body: () => ({ code: `M${String(next()).padStart(3, '0')}`, name: '矩阵全宗', agency: '矩阵单位' }) },
  'fonds.update': { allow: ['archivist'], body: () => ({ version: 1, name: 'x' }) },
  'categories.list': { allow: CAT, tokenScope: 'catalogue:read' },
  'categories.get': { allow: CAT, tokenScope: 'catalogue:read' },
  'categories.create': { allow: ['archivist'], body: () => ({ template: 'WS' }) },
  'categories.setFields': { allow: ['archivist'], body: () => ({ extraFields: [], version: 1 }) },
  'schemes.list': { allow: CAT, tokenScope: 'catalogue:read' },
  'schemes.get': { allow: CAT, tokenScope: 'catalogue:read' },
  'schemes.createDraft': { allow: ['archivist'], body: () => ({ note: '' }) },
  'schemes.updateDraft': { allow: ['archivist'], body: () => ({ body: WS_TEMPLATE, editVersion: 1 }) },
  'schemes.approve': { allow: ['archivist'] },
  'records.list': { allow: CAT, tokenScope: 'catalogue:read' },
  'records.get': { allow: CAT, tokenScope: 'catalogue:read' },
  'records.history': { allow: CAT, tokenScope: 'catalogue:read' },
  'records.tree': { allow: CAT, tokenScope: 'catalogue:read' },
  'records.create': { allow: CAT, tokenScope: 'catalogue:write', allowedStatus: 404, body: () => ({ categoryId: randomUUID(), title: '矩阵', year: 2021, retention: 'Y' }) },
  'records.update': { allow: CAT, tokenScope: 'catalogue:write', body: () => ({ version: 1, title: '矩阵' }) },
  'records.delete': { allow: CAT },
  'records.archive': { allow: ['archivist'], allowedStatus: 404, body: () => ({ ids: [randomUUID()] }) },
  'records.batchEdit': { allow: CAT, allowedStatus: 404, body: () => ({ ids: [randomUUID()], set: { remarks: 'x' } }) },
  'records.renumber': { allow: ['archivist'], allowedStatus: 404, body: () => ({ categoryId: randomUUID(), year: 2021, retention: 'Y' }) },
  'records.addFile': { allow: CAT },
  'records.listFiles': { allow: CAT },
  'records.fileContent': { allow: CAT },
  'records.deleteFile': { allow: CAT },
  'records.export': { allow: CAT, tokenScope: 'catalogue:read', query: { format: 'csv' } },
  'imports.upload': { allow: CAT },
  'imports.list': { allow: CAT },
  'imports.get': { allow: CAT },
  'imports.delete': { allow: CAT },
  'imports.preview': { allow: CAT },
  'imports.validate': { allow: CAT, body: () => ({ mapping: {} }) },
  'imports.errors': { allow: CAT },
  'imports.commit': { allow: CAT },
  'importTemplates.get': { allow: CAT, allowedStatus: 404, query: { categoryId: randomUUID() } },
  'importTemplates.put': { allow: CAT, allowedStatus: 404, body: () => ({ categoryId: randomUUID(), mapping: {} }) },
  'print.catalogue': { allow: ['archivist', 'records_officer'], tokenScope: 'catalogue:read' },
  'print.volume': { allow: ['archivist', 'records_officer'], tokenScope: 'catalogue:read' },
  'print.boxSpines': { allow: ['archivist', 'records_officer'], tokenScope: 'catalogue:read' },
  'print.referenceSheet': { allow: ['archivist', 'records_officer'], tokenScope: 'catalogue:read' },
};
/** Each later module keeps its rows in test/authz/<module>.matrix.ts (export default a Matrix). */
const MODULES = import.meta.glob<{ default: Matrix }>('./authz/*.matrix.ts', { eager: true });
const MATRIX: Matrix = { ...CORE };
for (const [file, m] of Object.entries(MODULES)) {
  for (const [k, v] of Object.entries(m.default)) {
    if (MATRIX[k]) throw new Error(`${file}: matrix key ${k} is defined twice`);
    MATRIX[k] = v;
  }
}

let t: TestApp;
let all: RouteInfo[];
let routes: RouteInfo[];
const users = new Map<Role, string>();
beforeAll(async () => {
  t = await buildTestApp();
  // Routes missing from the matrix fail the first test; the others check the rest.
  all = listRoutes(t.app);
  routes = all.filter((r) => MATRIX[r.key]);
  for (const r of Role.options) users.set(r, (await createUser(t.c, [r])).id);
});
afterAll(async () => t?.close());

const entry = (r: RouteInfo) => MATRIX[r.key] as Entry;
const isPublic = (r: RouteInfo) => entry(r).allow === 'public';
const mayCall = (r: RouteInfo, role: Role) => entry(r).allow === 'signed-in' || (Array.isArray(entry(r).allow) && entry(r).allow.includes(role));
const concrete = (url: string) => url.replace(/:\w+/g, () => randomUUID()).replace('*', 'index.html');
let ip = 0;
/** Each call from its own address, so per-route rate limits (sign-in, password) never answer instead of the policy. */
const remoteAddress = () => `10.9.${(++ip >> 8) & 255}.${ip & 255}`;
const call = (r: RouteInfo, headers: Record<string, string> = {}, url = concrete(r.url)) => {
  const e = entry(r);
  return t.app.inject({ method: r.method as 'GET', url, query: e.query, headers: { ...e.headers, ...headers }, remoteAddress: remoteAddress(),
    ...(e.body ? { payload: e.body() as object } : {}) });
};
/** A fresh session per call (written directly: no password hashing), since some calls end it (logout). */
async function sessionOf(role: Role) {
  const s = await createSession(t.c.db, users.get(role) as string, 60, '127.0.0.1', 'matrix');
  return { cookie: `lantai_session=${s.id}`, 'x-csrf-token': s.csrfToken };
}

describe('authorisation matrix over every route of the app', { timeout: 300_000 }, () => {
  it('lists every route, and has no entry for a route that no longer exists', () => {
    expect(all.length).toBeGreaterThan(15);
    const missing = all.filter((r) => !MATRIX[r.key]).map((r) => `${r.key} (${r.method} ${r.url})`);
    expect(missing, `add these routes to the matrix (test/authz/<module>.matrix.ts): ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(MATRIX).filter((k) => !routes.some((r) => r.key === k));
    expect(stale, 'remove matrix entries of routes that are gone').toEqual([]);
  });

  it('public routes answer without credentials; every other route is 401 without them (before any validation)', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), remoteAddress: remoteAddress() });
      if (isPublic(r) ? [401, 403].includes(res.statusCode) : res.statusCode !== 401 || res.json().code !== 'unauthenticated') wrong.push(`${r.key}: ${res.statusCode}`);
      // The router decodes %61 to "a": the check must follow the matched route, not the raw URL.
      if (!isPublic(r) && (await call(r, {}, concrete(r.url).replace('/api/', '/%61pi/'))).statusCode !== 401) wrong.push(`${r.key}: encoded path not 401`);
    }
    expect(wrong).toEqual([]);
  });

  it('each role gets 403 or through exactly as the matrix says; a random :id is 404; every 403 is audited', async () => {
    const deniedBefore = await countDenied();
    const wrong: string[] = [];
    let denials = 0;
    for (const r of routes.filter((x) => !isPublic(x))) {
      for (const role of Role.options) {
        const res = await call(r, await sessionOf(role));
        const allowed = mayCall(r, role);
        if (!allowed) denials++;
        const want = entry(r).allowedStatus ?? (r.url.includes('/:') ? 404 : undefined);
        const ok = allowed
          ? want ? res.statusCode === want : ![401, 403, 404].includes(res.statusCode) && res.statusCode < 500
          : res.statusCode === 403 && res.json().code === 'forbidden';
        if (!ok) wrong.push(`${r.key} as ${role}: ${res.statusCode} ${res.body.slice(0, 80)} (expected ${allowed ? 'allowed' : '403'})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await countDenied()).toBe(deniedBefore + denials);
  });

  it('every state-changing route refuses a cookie session without the CSRF header, whatever the path spelling', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x) && x.method !== 'GET')) {
      for (const url of [concrete(r.url), concrete(r.url).replace('/api/', '/%61pi/')]) {
        const res = await call(r, { cookie: (await sessionOf('sysadmin')).cookie }, url);
        if (res.statusCode !== 403 || res.json().code !== 'csrf_failed') wrong.push(`${r.key} ${url}: ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an API token (all scopes, owner allowed everything a role may) is refused on every route without that tokenScope', async () => {
    const owner = await signedIn(t, ['archivist', 'sysadmin']);
    const made = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: owner.headers, payload: { name: 'matrix', scopes: TokenScope.options } });
    expect(made.statusCode).toBe(200);
    const auth = { authorization: `Bearer ${made.json().secret}` };
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !isPublic(x) && !entry(x).tokenScope)) {
      const res = await call(r, auth);
      if (res.statusCode !== 403 || res.json().code !== 'token_scope') wrong.push(`${r.key}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

async function countDenied() {
  const r = await t.c.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'denied').executeTakeFirstOrThrow();
  return Number(r.n);
}
