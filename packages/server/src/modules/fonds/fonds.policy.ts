import { CLEARANCE_ORDER, type Clearance } from '@lantai/api';
import { forbidden, notFound, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';

/**
 * Catalogue visibility, shared by the fonds, scheme and catalogue modules: the 档案管理员 sees every
 * fonds, the 立档单位档案员 only the fonds codes in their scope; both only up to their 密级 clearance.
 * Admin roles (三员) and readers do not browse the catalogue here.
 */
export interface CatalogueScope {
  /** null: every fonds. */
  fondsCodes: string[] | null;
  /** 密级 levels this actor may see. */
  securities: Clearance[];
  canManage: boolean;
}

export function catalogueScope(actor: Actor): CatalogueScope {
  if (actor.kind === 'anonymous') throw unauthenticated();
  const roles = actor.roles;
  const archivist = roles.includes('archivist');
  const officer = roles.includes('records_officer');
  if (!archivist && !officer) throw forbidden();
  const clearance: Clearance = actor.clearance;
  const securities = CLEARANCE_ORDER.slice(0, CLEARANCE_ORDER.indexOf(clearance) + 1);
  // An archivist reaches every fonds, but a token narrowed to some fonds keeps to them whoever owns it.
  const narrowedToken = actor.kind === 'token' && actor.fondsScope.length > 0;
  return { fondsCodes: archivist && !narrowedToken ? null : actor.fondsScope, securities, canManage: archivist };
}

/** Fonds, 门类 and schemes are managed by the 档案管理员 only. */
export function authorizeManage(actor: Actor): CatalogueScope {
  const s = catalogueScope(actor);
  if (!s.canManage) throw forbidden();
  return s;
}

/** A fonds outside the actor's scope is reported as missing: existence does not leak. */
export function assertFondsVisible(scope: CatalogueScope, fondsCode: string): void {
  if (scope.fondsCodes && !scope.fondsCodes.includes(fondsCode)) throw notFound();
}

export const actorName = (a: Actor) => (a.kind === 'anonymous' ? 'anonymous' : a.username);
