import os from 'node:os';
import { ADMIN_ROLES, type Role } from '@lantai/api';
import type { Db } from '../platform/db/database.ts';
import { appendAudit, verifyAndCheckpoint, type AuditEntry, type VerifyResult } from '../modules/audit/index.ts';
import { presentUser } from '../modules/auth/auth.presenter.ts';
import { generatePassword, hashPassword } from '../modules/auth/password.ts';
import { deleteUserSessions } from '../modules/auth/session.repository.ts';

export type AdminRole = (typeof ADMIN_ROLES)[number];
export const isAdminRole = (r: string): r is AdminRole => (ADMIN_ROLES as readonly string[]).includes(r);

/** A refusal the operator can act on (exit code 1, message printed as is). */
export class AdminError extends Error {}

/** Whoever runs lantai-admin acts outside the web app; the audit log still says who (the OS account). */
function operator(): Pick<AuditEntry, 'actorId' | 'actorName' | 'actorRoles'> {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return { actorId: null, actorName: `lantai-admin (${who})`.slice(0, 64), actorRoles: [] };
}

export function verifyChain(db: Db, dataDir: string): Promise<VerifyResult> {
  return verifyAndCheckpoint(db, { who: operator(), dataDir, detail: { via: 'lantai-admin' } });
}

/**
 * Creates an account holding one admin role, with a generated password to change at first sign-in.
 * An existing account gets the role added and a new password, unless it already holds another of the
 * three admin roles (三员分立): then nothing changes.
 */
export async function createAdmin(db: Db, username: string, role: AdminRole): Promise<{ password: string; created: boolean }> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('users').selectAll().where('username', '=', username).forUpdate().executeTakeFirst();
    if (!before) {
      const u = await tx.insertInto('users').values({ username, display_name: username, password_hash: hash, roles: [role], must_change_password: true })
        .returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...operator(), action: 'users.create', outcome: 'success', targetType: 'user', targetId: u.id,
        after: presentUser(u), detail: { via: 'lantai-admin', roles: [role] } });
      return { password, created: true };
    }
    const other = before.roles.filter((r) => isAdminRole(r) && r !== role);
    if (other.length) {
      throw new AdminError(`三员分立：账号 ${username} 已是 ${other.join(',')}，不能再兼任 ${role}（role_conflict）\n` +
        `separation of duties: ${username} already holds ${other.join(',')} and cannot also be ${role} (role_conflict); nothing was changed`);
    }
    const roles = [...new Set([...before.roles, role])] as Role[];
    const u = await tx.updateTable('users').set({ roles, password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null,
      updated_at: new Date(), version: before.version + 1 }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
    await deleteUserSessions(tx, before.id);
    await appendAudit(tx, { ...operator(), action: 'users.grant', outcome: 'success', targetType: 'user', targetId: u.id,
      before: presentUser(before), after: presentUser(u), detail: { via: 'lantai-admin', roles, passwordReset: true } });
    return { password, created: false };
  });
}

/** Sets a generated password (to change at first sign-in), unlocks the account and ends its sessions. */
export async function resetPassword(db: Db, username: string): Promise<{ password: string }> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    const u = await tx.updateTable('users').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: new Date() })
      .where('username', '=', username).returning('id').executeTakeFirst();
    if (!u) throw new AdminError(`没有该用户 / no such user: ${username}`);
    await deleteUserSessions(tx, u.id);
    await appendAudit(tx, { ...operator(), action: 'users.resetPassword', outcome: 'success', targetType: 'user', targetId: u.id, detail: { via: 'lantai-admin' } });
  });
  return { password };
}
