import { ADMIN_ROLES, type Role } from '@lantai/api';
import type { z } from 'zod';
import type { ChangePasswordBody, CreateUserBody, GrantBody, UpdateUserBody } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { DomainError, conflict, invalid, notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from './actor.ts';
import { authorize, rolesMay } from './auth.policy.ts';
import { presentUser } from './auth.presenter.ts';
import { DUMMY_HASH, hashPassword, isStrongPassword, verifyPassword } from './password.ts';
import { createSession, deleteSession, deleteUserSessions, digestSecret } from './session.repository.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export function createAuthService(deps: { db: Db; sessionMinutes: number }) {
  const { db } = deps;
  const audit = (tx: Parameters<typeof appendAudit>[0], ctx: RequestCtx, e: Omit<Parameters<typeof appendAudit>[1], 'actorId' | 'actorName' | 'actorRoles' | 'requestId' | 'ip'>) =>
    appendAudit(tx, { ...actorAudit(ctx.actor), requestId: ctx.requestId, ip: ctx.ip, ...e });

  async function login(body: { username: string; password: string }, ctx: RequestCtx, userAgent?: string) {
    const user = await db.selectFrom('users').selectAll().where('username', '=', body.username).executeTakeFirst();
    const ok = await verifyPassword(body.password, user?.password_hash ?? DUMMY_HASH);
    const fail = async (code: 'invalid_credentials' | 'account_locked' | 'account_disabled', status: number, lock = false) => {
      await db.transaction().execute(async (tx) => {
        if (user && code === 'invalid_credentials') {
          const failed = user.failed_logins + 1;
          await tx.updateTable('users').set(failed >= MAX_FAILED_LOGINS
            ? { failed_logins: 0, locked_until: new Date(Date.now() + LOCK_MINUTES * 60_000) }
            : { failed_logins: failed }).where('id', '=', user.id).execute();
          lock = failed >= MAX_FAILED_LOGINS;
        }
        await appendAudit(tx, { actorId: user?.id ?? null, actorName: body.username.slice(0, 64), actorRoles: user?.roles ?? [],
          action: 'auth.login', outcome: 'failure', targetType: 'user', targetId: user?.id ?? null,
          detail: { reason: code, ...(lock ? { locked: true } : {}) }, requestId: ctx.requestId, ip: ctx.ip });
      });
      throw new DomainError(code, status);
    };
    if (user?.locked_until && user.locked_until > new Date()) return fail('account_locked', 423);
    if (!user || !ok) return fail('invalid_credentials', 401);
    if (user.disabled) return fail('account_disabled', 403);
    return db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      const s = await createSession(tx, user.id, deps.sessionMinutes, ctx.ip, userAgent);
      await appendAudit(tx, { actorId: user.id, actorName: user.username, actorRoles: user.roles, action: 'auth.login', outcome: 'success',
        targetType: 'user', targetId: user.id, requestId: ctx.requestId, ip: ctx.ip });
      return { sessionId: s.id, session: { user: presentUser(user), csrfToken: s.csrfToken } };
    });
  }

  async function logout(sessionId: string, ctx: RequestCtx) {
    await db.transaction().execute(async (tx) => {
      await deleteSession(tx, sessionId);
      await audit(tx, ctx, { action: 'auth.logout', outcome: 'success' });
    });
  }

  async function getUser(id: string) {
    const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u) throw notFound();
    return u;
  }

  async function changePassword(body: z.infer<typeof ChangePasswordBody>, ctx: RequestCtx) {
    if (ctx.actor.kind !== 'user') throw new DomainError('unauthenticated', 401);
    const user = await getUser(ctx.actor.userId);
    if (!(await verifyPassword(body.currentPassword, user.password_hash))) throw invalid([{ path: 'currentPassword', message: 'wrong' }], 'wrong_password');
    if (!isStrongPassword(body.newPassword, user.username)) throw invalid([{ path: 'newPassword', message: 'weak' }], 'weak_password');
    const hash = await hashPassword(body.newPassword);
    const sessionId = ctx.actor.sessionId;
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: hash, must_change_password: false, updated_at: new Date() }).where('id', '=', user.id).execute();
      // Other sessions of this user end: a changed password must lock out whoever had the old one.
      await tx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', digestSecret(sessionId)).execute();
      await audit(tx, ctx, { action: 'auth.password.change', outcome: 'success', targetType: 'user', targetId: user.id });
    });
  }

  async function listUsers(ctx: RequestCtx, offset: number, limit: number) {
    authorize(ctx.actor, 'users.list');
    const [items, total] = await Promise.all([
      db.selectFrom('users').selectAll().orderBy('username').offset(offset).limit(limit).execute(),
      db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items.map(presentUser), total: Number(total.n), offset, limit };
  }

  async function createUser(body: z.infer<typeof CreateUserBody>, ctx: RequestCtx) {
    authorize(ctx.actor, 'users.create');
    if (!isStrongPassword(body.password, body.username)) throw invalid([{ path: 'password', message: 'weak' }], 'weak_password');
    const hash = await hashPassword(body.password);
    return db.transaction().execute(async (tx) => {
      const taken = await tx.selectFrom('users').select('id').where('username', '=', body.username).executeTakeFirst();
      if (taken) throw conflict('username_taken');
      // New accounts carry no role: roles are granted by the 安全保密管理员, never by the account's creator.
      const u = await tx.insertInto('users').values({ username: body.username, display_name: body.displayName, password_hash: hash, must_change_password: true })
        .returningAll().executeTakeFirstOrThrow();
      await audit(tx, ctx, { action: 'users.create', outcome: 'success', targetType: 'user', targetId: u.id, after: presentUser(u) });
      return presentUser(u);
    });
  }

  async function updateUser(id: string, body: z.infer<typeof UpdateUserBody>, ctx: RequestCtx) {
    authorize(ctx.actor, 'users.update');
    return db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      const u = await tx.updateTable('users').set({
        ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        updated_at: new Date(), version: before.version + 1,
      }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      if (body.disabled) await deleteUserSessions(tx, id);
      await audit(tx, ctx, { action: 'users.update', outcome: 'success', targetType: 'user', targetId: id, before: presentUser(before), after: presentUser(u) });
      return presentUser(u);
    });
  }

  async function unlock(id: string, ctx: RequestCtx) {
    authorize(ctx.actor, 'users.unlock');
    return db.transaction().execute(async (tx) => {
      const u = await tx.updateTable('users').set({ locked_until: null, failed_logins: 0 }).where('id', '=', id).returningAll().executeTakeFirst();
      if (!u) throw notFound();
      await audit(tx, ctx, { action: 'users.unlock', outcome: 'success', targetType: 'user', targetId: id });
      return presentUser(u);
    });
  }

  async function grant(id: string, body: z.infer<typeof GrantBody>, ctx: RequestCtx) {
    authorize(ctx.actor, 'users.grant');
    const roles = [...new Set(body.roles)] as Role[];
    if (roles.filter((r) => (ADMIN_ROLES as readonly string[]).includes(r)).length > 1) throw conflict('role_conflict');
    // A security admin must not raise their own privileges.
    if (id === ctx.actor.userId) throw new DomainError('forbidden', 403);
    return db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound();
      const u = await tx.updateTable('users').set({ roles, clearance: body.clearance, fonds_scope: body.fondsScope, updated_at: new Date(), version: before.version + 1 })
        .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      // A user who no longer holds a role that may own API tokens loses them now, not when someone remembers to revoke.
      const keepsTokens = rolesMay(roles, 'tokens.manage');
      const revoked = keepsTokens ? [] : await tx.updateTable('api_tokens').set({ revoked_at: new Date() })
        .where('owner_id', '=', id).where('revoked_at', 'is', null).returning('id').execute();
      await audit(tx, ctx, { action: 'users.grant', outcome: 'success', targetType: 'user', targetId: id, before: presentUser(before), after: presentUser(u),
        detail: { roles, clearance: body.clearance, fondsScope: body.fondsScope, revokedTokens: revoked.map((r) => r.id) } });
      return presentUser(u);
    });
  }

  return { login, logout, changePassword, listUsers, createUser, updateUser, unlock, grant, getUser };
}
export type AuthService = ReturnType<typeof createAuthService>;
