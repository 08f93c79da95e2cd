import type { Actor } from '../auth/index.ts';
import { forbidden, unauthenticated } from '../../http/errors.ts';

/**
 * Who may do what in 利用: the 利用者 (reader) files and follows their own requests; the 档案管理员
 * (archivist) registers walk-in readers, works the queue, decides, delivers and reads the statistics.
 * Nobody else (三员, 立档单位档案员) takes part.
 */
export type AccessActor = Extract<Actor, { kind: 'user' }>;

export function requireSignedIn(actor: Actor): AccessActor {
  if (actor.kind === 'anonymous') throw unauthenticated();
  if (actor.kind !== 'user') throw forbidden();
  return actor;
}

/** A reader or an archivist; everyone else is 403. */
export function authorizeParticipant(actor: Actor): AccessActor & { staff: boolean } {
  const a = requireSignedIn(actor);
  const staff = a.roles.includes('archivist');
  if (!staff && !a.roles.includes('reader')) throw forbidden();
  return Object.assign(a, { staff });
}

export function authorizeStaff(actor: Actor): AccessActor {
  const a = requireSignedIn(actor);
  if (!a.roles.includes('archivist')) throw forbidden();
  return a;
}
