import { forbidden, notFound, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';

/**
 * 移交接收 has two sides. The agency (立档单位档案员, records_officer) prepares, submits and confirms
 * transfers of the fonds in its scope; the archive (档案管理员, archivist) checks, accepts or returns
 * them and confirms. Both read transfers; the agency only those of its fonds (others are 404).
 * API tokens are refused: a transfer is signed off by people.
 */
export type Side = 'agency' | 'archive';

const user = (a: Actor) => {
  if (a.kind === 'anonymous') throw unauthenticated();
  if (a.kind === 'token') throw forbidden('token_scope');
  return a;
};

/** Fonds codes the actor may read transfers of (null: all). */
export function readScope(a: Actor): string[] | null {
  user(a);
  return catalogueScope(a).fondsCodes;
}

/** The role check for one side, done before any lookup so a refusal is 403 whatever the id. */
export function authorizeSide(a: Actor, side: Side): void {
  const u = user(a);
  if (!u.roles.includes(side === 'agency' ? 'records_officer' : 'archivist')) throw forbidden();
}

/** The agency acts only on transfers of fonds in its scope (outside: 404, existence does not leak). */
export function assertAgencyFonds(a: Actor, fondsCode: string): void {
  const u = user(a);
  if (!u.fondsScope.includes(fondsCode)) throw notFound();
}

export function assertReadable(a: Actor, fondsCode: string): void {
  const scope = readScope(a);
  if (scope && !scope.includes(fondsCode)) throw notFound();
}
