import type { Role } from '@lantai/api';
import { forbidden, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';

/**
 * 三员分立 for bit preservation: the 系统管理员 configures storage locations and the copies policy
 * (infrastructure); the 档案管理员 watches fixity, reads alerts and handles incidents (the sysadmin may
 * too); the 安全审计员 reads everything (dashboard, events, incidents) to review it. API tokens: none.
 */
const READ: Role[] = ['archivist', 'sysadmin', 'auditor'];
const OPERATE: Role[] = ['archivist', 'sysadmin'];
const CONFIGURE: Role[] = ['sysadmin'];

function need(actor: Actor, roles: Role[]): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (actor.kind !== 'user' || !actor.roles.some((r) => roles.includes(r))) throw forbidden();
}

type UserActor = Extract<Actor, { kind: 'user' }>;
export function authorizeRead(a: Actor): asserts a is UserActor { need(a, READ); }
export function authorizeOperate(a: Actor): asserts a is UserActor { need(a, OPERATE); }
export function authorizeConfigure(a: Actor): asserts a is UserActor { need(a, CONFIGURE); }
