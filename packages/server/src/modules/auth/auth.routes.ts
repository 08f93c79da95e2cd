import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiToken, ChangePasswordBody, CreatedToken, CreateTokenBody, CreateUserBody, GrantBody, LoginBody, Ok, PageQuery, Session, UpdateUserBody, User, page } from '@lantai/api';
import { SESSION_COOKIE } from '../../http/auth.plugin.ts';
import { unauthenticated } from '../../http/errors.ts';
import { presentUser } from './auth.presenter.ts';
import type { AuthService } from './auth.service.ts';
import type { TokenService } from './token.service.ts';

const IdParams = z.object({ id: z.string().uuid() });
const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; tokens: TokenService; secureCookies: boolean; sessionMinutes: number }> = async (app, o) => {
  app.post('/api/auth/login', {
    schema: { operationId: 'auth.login', tags, summary: '登录 / sign in', body: LoginBody, response: { 200: Session } },
    config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (req, reply) => {
    const { sessionId, session } = await o.auth.login(req.body, req.ctx, req.headers['user-agent']);
    reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: o.secureCookies, maxAge: o.sessionMinutes * 60 });
    return session;
  });

  app.get('/api/auth/session', {
    schema: { operationId: 'auth.session', tags, summary: '当前会话 / current session', response: { 200: Session } },
  }, async (req) => {
    if (req.actor.kind !== 'user') throw unauthenticated();
    return { user: presentUser(await o.auth.getUser(req.actor.userId)), csrfToken: req.actor.csrfToken };
  });

  app.post('/api/auth/logout', { schema: { operationId: 'auth.logout', tags, response: { 200: Ok } } }, async (req, reply) => {
    if (req.actor.kind === 'user') await o.auth.logout(req.cookies[SESSION_COOKIE] ?? '', req.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post('/api/auth/password', {
    schema: { operationId: 'auth.changePassword', tags, body: ChangePasswordBody, response: { 200: Ok } },
    config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
  }, async (req) => {
    await o.auth.changePassword(req.body, req.ctx);
    return { ok: true as const };
  });

  app.get('/api/users', { schema: { operationId: 'users.list', tags, querystring: PageQuery, response: { 200: page(User) } } },
    async (req) => o.auth.listUsers(req.ctx, req.query.offset, req.query.limit));
  app.post('/api/users', { schema: { operationId: 'users.create', tags, body: CreateUserBody, response: { 200: User } } },
    async (req) => o.auth.createUser(req.body, req.ctx));
  app.patch('/api/users/:id', { schema: { operationId: 'users.update', tags, params: IdParams, body: UpdateUserBody, response: { 200: User } } },
    async (req) => o.auth.updateUser(req.params.id, req.body, req.ctx));
  app.post('/api/users/:id/unlock', { schema: { operationId: 'users.unlock', tags, params: IdParams, response: { 200: User } } },
    async (req) => o.auth.unlock(req.params.id, req.ctx));
  app.put('/api/users/:id/grants', { schema: { operationId: 'users.grant', tags, summary: '授权（安全保密管理员）', params: IdParams, body: GrantBody, response: { 200: User } } },
    async (req) => o.auth.grant(req.params.id, req.body, req.ctx));

  app.get('/api/tokens', { schema: { operationId: 'tokens.list', tags, response: { 200: z.object({ items: z.array(ApiToken) }) } } },
    async (req) => o.tokens.list(req.ctx));
  app.post('/api/tokens', { schema: { operationId: 'tokens.create', tags, body: CreateTokenBody, response: { 200: CreatedToken } } },
    async (req) => o.tokens.create(req.body, req.ctx));
  app.delete('/api/tokens/:id', { schema: { operationId: 'tokens.revoke', tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
    await o.tokens.revoke(req.params.id, req.ctx);
    return { ok: true as const };
  });
};
