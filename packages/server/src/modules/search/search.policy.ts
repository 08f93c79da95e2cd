import type { SearchScope } from '../../platform/search/search.port.ts';
import { forbidden, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';

/**
 * Search sees exactly what the catalogue shows the actor (档案管理员: every fonds; 立档单位档案员: their
 * fonds; both up to their 密级 clearance). Other roles get 403; the public portal uses `{ kind: 'public' }`.
 */
export function searchScope(actor: Actor): SearchScope {
  const s = catalogueScope(actor);
  return { kind: 'staff', fondsCodes: s.fondsCodes, securities: s.securities };
}

/** Index status: staff who search, and the 系统管理员 who runs the system. */
export function authorizeStatus(actor: Actor): void {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (!actor.roles.some((r) => r === 'archivist' || r === 'records_officer' || r === 'sysadmin')) throw forbidden();
}

/** A full reindex: the 档案管理员 or the 系统管理员. */
export function authorizeReindex(actor: Actor): void {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (!actor.roles.some((r) => r === 'archivist' || r === 'sysadmin')) throw forbidden();
}
