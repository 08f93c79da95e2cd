import type { Clearance, Role } from '@lantai/api';

/** Who is making a request: a signed-in user, an API token, or nobody. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; userId: string; username: string; roles: Role[]; clearance: Clearance; fondsScope: string[]; sessionId: string; csrfToken: string }
  | { kind: 'token'; tokenId: string; userId: string; username: string; roles: Role[]; scopes: string[]; fondsScope: string[]; clearance: Clearance };

/** What services need to know about the request to audit it. */
export interface RequestCtx {
  actor: Actor;
  requestId: string;
  ip: string;
}

export const actorAudit = (a: Actor) =>
  a.kind === 'anonymous'
    ? { actorId: null, actorName: null, actorRoles: [] as string[] }
    : { actorId: a.userId, actorName: a.kind === 'token' ? `${a.username} (token)` : a.username, actorRoles: a.roles as string[] };

export const hasRole = (a: Actor, ...roles: Role[]) => a.kind !== 'anonymous' && a.roles.some((r) => roles.includes(r));
