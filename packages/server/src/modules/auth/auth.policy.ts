import type { Role } from '@lantai/api';
import { forbidden, unauthenticated } from '../../http/errors.ts';
import type { Actor } from './actor.ts';

/**
 * Who may do what in the auth module (三员分立): the 系统管理员 manages accounts but cannot grant roles;
 * the 安全保密管理员 grants roles and clearances but cannot create accounts or change configuration.
 */
const rules = {
  'users.list': ['sysadmin', 'secadmin'],
  'users.create': ['sysadmin'],
  'users.update': ['sysadmin'],
  'users.unlock': ['sysadmin'],
  'users.grant': ['secadmin'],
  'tokens.manage': ['archivist', 'records_officer'],
} as const satisfies Record<string, readonly Role[]>;
export type AuthAction = keyof typeof rules;

export function can(actor: Actor, action: AuthAction): boolean {
  return actor.kind === 'user' && rolesMay(actor.roles, action);
}

/** Whether a set of roles allows an action, for decisions about a user who is not the caller. */
export function rolesMay(roles: readonly Role[], action: AuthAction): boolean {
  return roles.some((r) => (rules[action] as readonly Role[]).includes(r));
}

/** Throws 401 for nobody, 403 for the wrong role. */
export function authorize(actor: Actor, action: AuthAction): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (!can(actor, action)) throw forbidden();
}
