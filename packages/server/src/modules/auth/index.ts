import type { Db } from '../../platform/db/database.ts';
import type { ActorResolvers } from '../../http/auth.plugin.ts';
import type { Clearance, Role } from '@lantai/api';
import { createAuthService } from './auth.service.ts';
import { findSession } from './session.repository.ts';
import { createTokenService } from './token.service.ts';

export { authRoutes } from './auth.routes.ts';
export type { Actor, RequestCtx } from './actor.ts';
export { actorAudit, hasRole } from './actor.ts';
export { bootstrapAccounts, DEMO_ACCOUNTS, FIRST_ADMINS } from './bootstrap.ts';
export { hashPassword } from './password.ts';

export function createAuthModule(db: Db, sessionMinutes: number) {
  const auth = createAuthService({ db, sessionMinutes });
  const tokens = createTokenService({ db });
  const resolvers: ActorResolvers = {
    async session(id) {
      const s = await findSession(db, id, sessionMinutes);
      if (s.state !== 'live') return s.state === 'expired' ? 'expired' : null;
      const r = s.row;
      return { kind: 'user', userId: r.id, username: r.username, roles: r.roles as Role[], clearance: r.clearance as Clearance,
        fondsScope: r.fonds_scope, sessionId: id, csrfToken: r.csrf_token };
    },
    token: (secret) => tokens.resolve(secret),
  };
  return { auth, tokens, resolvers };
}
