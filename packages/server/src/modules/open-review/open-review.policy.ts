import { CLEARANCE_ORDER, type Clearance } from '@lantai/api';
import { forbidden, unauthenticated } from '../../http/errors.ts';
import type { Actor } from '../auth/index.ts';

/**
 * 开放审核 roles: the 档案管理员 (archivist) runs the queue, 初审 and 复审, the term list, rules and publication;
 * the 立档单位档案员 (records_officer) of a fonds is the 移交单位 and gives the co-review opinion on that fonds only.
 */
export interface ReviewScope {
  archivist: boolean;
  /** Fonds codes the actor may co-review (records_officer), [] for none. */
  coReviewFonds: string[];
  securities: Clearance[];
  name: string;
}

export function reviewScope(actor: Actor): ReviewScope {
  if (actor.kind === 'anonymous') throw unauthenticated();
  const archivist = actor.roles.includes('archivist');
  const officer = actor.roles.includes('records_officer');
  if (!archivist && !officer) throw forbidden();
  return {
    archivist, coReviewFonds: officer ? actor.fondsScope : [], name: actor.username,
    securities: CLEARANCE_ORDER.slice(0, CLEARANCE_ORDER.indexOf(actor.clearance) + 1),
  };
}

export function authorizeArchivist(actor: Actor): ReviewScope {
  const s = reviewScope(actor);
  if (!s.archivist) throw forbidden();
  return s;
}

/** May this actor give an opinion at this stage for a record of this fonds? */
export function mayReviewAt(s: ReviewScope, stage: string, fondsCode: string): boolean {
  if (stage === 'co_review') return s.coReviewFonds.includes(fondsCode);
  return (stage === 'initial' || stage === 'final') && s.archivist;
}
