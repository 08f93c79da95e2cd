import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TokenScope } from '@lantai/api';
import type { Actor, RequestCtx } from '../modules/auth/actor.ts';
import { DomainError } from './errors.ts';

export const SESSION_COOKIE = 'lantai_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    ctx: RequestCtx;
  }
  interface FastifyContextConfig {
    /** 'public': anyone; 'user' (default): a signed-in user or, where tokenScope is set, an API token. */
    auth?: 'public' | 'user';
    /** An API token may call this route only if it holds this scope. */
    tokenScope?: TokenScope;
  }
}

export interface ActorResolvers {
  session(id: string): Promise<Extract<Actor, { kind: 'user' }> | 'expired' | null>;
  token(secret: string): Promise<Extract<Actor, { kind: 'token' }> | null>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves who is calling (session cookie or bearer token) before any handler runs, and enforces:
 * sign-in, CSRF (double-submit header, for cookie sessions on unsafe methods) and token scopes.
 * Role checks are not here: each module's policy file owns them.
 */
export function installAuth(app: FastifyInstance, resolvers: ActorResolvers) {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('ctx', null as never);
  // preValidation, not preHandler: an unauthenticated caller gets 401 before any body or params are validated,
  // so the API's schemas cannot be probed without signing in.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const cfg = req.routeOptions.config ?? {};
    let actor: Actor = { kind: 'anonymous' };
    let expired = false;
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const t = await resolvers.token(bearer);
      if (!t) throw new DomainError('token_invalid', 401);
      actor = t;
    } else if (req.cookies?.[SESSION_COOKIE]) {
      const s = await resolvers.session(req.cookies[SESSION_COOKIE]);
      if (s === 'expired') expired = true;
      else if (s) actor = s;
    }
    req.actor = actor;
    req.ctx = { actor, requestId: req.id, ip: req.ip };
    // Static files and the API docs page are public; every /api route is signed-in unless it says otherwise.
    // Decide on the matched route's pattern, never on the raw URL: the router percent-decodes the path, so
    // '/%61pi/users' reaches '/api/users' while req.url does not start with '/api/'.
    const url = req.routeOptions.url ?? req.url;
    if (cfg.auth === 'public' || !url.startsWith('/api/') || url.startsWith('/api/docs')) return;
    if (actor.kind === 'anonymous') throw new DomainError(expired ? 'session_expired' : 'unauthenticated', 401);
    if (actor.kind === 'token') {
      if (!cfg.tokenScope || !actor.scopes.includes(cfg.tokenScope)) throw new DomainError('token_scope', 403);
      return;
    }
    if (!SAFE.has(req.method) && req.headers['x-csrf-token'] !== actor.csrfToken) throw new DomainError('csrf_failed', 403);
  });
}
