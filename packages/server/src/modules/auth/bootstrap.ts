import { sql } from 'kysely';
import type { Role } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { appendAudit } from '../audit/index.ts';
import { generatePassword, hashPassword } from './password.ts';

export interface BootstrapAccount {
  username: string;
  displayName: string;
  roles: Role[];
  clearance?: string;
  fondsScope?: string[];
  mustChangePassword?: boolean;
}

/** The three 三员分立 admins every installation starts with. */
export const FIRST_ADMINS: BootstrapAccount[] = [
  { username: 'sysadmin', displayName: '系统管理员', roles: ['sysadmin'] },
  { username: 'secadmin', displayName: '安全保密管理员', roles: ['secadmin'] },
  { username: 'auditor', displayName: '安全审计员', roles: ['auditor'] },
];

/** Working accounts of the demo archive (no admin role; they may keep their first password). */
export const DEMO_ACCOUNTS: BootstrapAccount[] = [
  { username: 'archivist', displayName: '王档案（档案管理员）', roles: ['archivist'], clearance: 'jimi', mustChangePassword: false },
  { username: 'officer', displayName: '李文书（立档单位档案员）', roles: ['records_officer'], clearance: 'internal', fondsScope: ['J002'], mustChangePassword: false },
  { username: 'reader', displayName: '张利用（利用者）', roles: ['reader'], mustChangePassword: false },
];

/**
 * On an archive with no accounts, creates the given accounts with random passwords (each must be
 * changed at first sign-in unless said otherwise) and returns the passwords, to be shown once.
 * Returns [] when accounts already exist. Runs in one transaction, so a crash creates none or all.
 */
export async function bootstrapAccounts(db: Db, accounts: BootstrapAccount[] = FIRST_ADMINS): Promise<{ username: string; password: string; roles: Role[] }[]> {
  const prepared = await Promise.all(accounts.map(async (a) => {
    const password = generatePassword();
    return { a, password, hash: await hashPassword(password) };
  }));
  return db.transaction().execute(async (tx) => {
    await sql`lock table users in exclusive mode`.execute(tx);
    const any = await tx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (any) return [];
    for (const { a, hash } of prepared) {
      const u = await tx.insertInto('users').values({
        username: a.username, display_name: a.displayName, password_hash: hash, roles: a.roles,
        clearance: a.clearance ?? 'public', fonds_scope: a.fondsScope ?? [], must_change_password: a.mustChangePassword ?? true,
      }).returning('id').executeTakeFirstOrThrow();
      await appendAudit(tx, { actorId: null, actorName: 'system', actorRoles: [], action: 'users.bootstrap', outcome: 'success',
        targetType: 'user', targetId: u.id, detail: { username: a.username, roles: a.roles } });
    }
    return prepared.map(({ a, password }) => ({ username: a.username, password, roles: a.roles }));
  });
}
