import { CLEARANCE_ORDER, type Clearance } from '@lantai/api';
import { forbidden } from '../../../http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import { catalogueScope } from '../../fonds/fonds.policy.ts';

/**
 * Who may archive into a fonds through POST /api/archive:
 *  - an API token with scope `archive:write` (checked by the auth hook) whose owner is an 档案管理员 or
 *    立档单位档案员, within the token's fonds scope (an 档案管理员's token with no fonds listed reaches every
 *    fonds, as token creation documents; anyone else's token only the fonds it lists);
 *  - a signed-in 档案管理员 (every fonds) or 立档单位档案员 (their fonds).
 * A fonds outside the scope is 403 `archive_fonds_scope` before anything is looked up.
 */
export function archiveScope(actor: Actor) {
  const s = catalogueScope(actor);
  let fonds = s.fondsCodes;
  if (actor.kind === 'token' && (actor.fondsScope.length || !actor.roles.includes('archivist'))) fonds = actor.fondsScope;
  const principal = actor.kind === 'token' ? `token:${actor.tokenId}` : actor.kind === 'user' ? `user:${actor.userId}` : 'anonymous';
  return {
    principal,
    via: actor.kind === 'token' ? ('token' as const) : ('session' as const),
    tokenId: actor.kind === 'token' ? actor.tokenId : null,
    fondsCodes: fonds,
    assertFonds(code: string) {
      if (fonds && !fonds.includes(code)) throw forbidden('archive_fonds_scope');
    },
    /** A record above the caller's 密级 clearance is refused: it could not read what it archived. */
    assertClearance(security: unknown) {
      const i = CLEARANCE_ORDER.indexOf((security ?? 'public') as Clearance);
      if (i > s.securities.length - 1) throw forbidden('archive_clearance');
    },
  };
}
export type ArchiveScope = ReturnType<typeof archiveScope>;
