import { forbidden, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';

/** Only the 安全审计员 reads and verifies the audit log; no other role, not even the 系统管理员. */
export function authorizeAudit(actor: Actor): void {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (actor.kind !== 'user' || !actor.roles.includes('auditor')) throw forbidden();
}
