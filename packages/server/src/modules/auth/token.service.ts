import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Clearance } from '@lantai/api';
import type { CreateTokenBody, Role } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type Actor, type RequestCtx } from './actor.ts';
import { authorize } from './auth.policy.ts';
import { presentToken } from './auth.presenter.ts';
import { digestSecret } from './session.repository.ts';

/**
 * API tokens for business systems (单套制 归档). The secret is `lt_<prefix>_<random>`, shown once;
 * only its SHA-256 is stored. A token acts with its owner's identity but only within its scopes,
 * and never beyond the owner's own fonds scope.
 */
export function createTokenService({ db }: { db: Db }) {
  async function create(body: z.infer<typeof CreateTokenBody>, ctx: RequestCtx) {
    authorize(ctx.actor, 'tokens.manage');
    const actor = ctx.actor;
    const prefix = randomBytes(6).toString('hex');
    const secret = `lt_${prefix}_${randomBytes(24).toString('base64url')}`;
    const fondsScope = effectiveFondsScope(actor.roles, actor.fondsScope, body.fondsScope);
    return db.transaction().execute(async (tx) => {
      const t = await tx.insertInto('api_tokens').values({
        name: body.name, prefix, token_hash: digestSecret(secret), scopes: body.scopes, fonds_scope: fondsScope, owner_id: actor.userId,
        expires_at: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null,
      }).returningAll().executeTakeFirstOrThrow();
      await appendAudit(tx, { ...actorAudit(actor), action: 'tokens.create', outcome: 'success', targetType: 'api_token', targetId: t.id,
        detail: { name: t.name, scopes: t.scopes, fondsScope }, requestId: ctx.requestId, ip: ctx.ip });
      return { token: presentToken(t), secret };
    });
  }

  async function list(ctx: RequestCtx) {
    authorize(ctx.actor, 'tokens.manage');
    const rows = await db.selectFrom('api_tokens').selectAll().where('owner_id', '=', ctx.actor.userId).orderBy('created_at', 'desc').execute();
    return { items: rows.map(presentToken) };
  }

  async function revoke(id: string, ctx: RequestCtx) {
    authorize(ctx.actor, 'tokens.manage');
    const actor = ctx.actor;
    await db.transaction().execute(async (tx) => {
      const t = await tx.updateTable('api_tokens').set({ revoked_at: new Date() })
        .where('id', '=', id).where('owner_id', '=', actor.userId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
      if (!t) throw notFound();
      await appendAudit(tx, { ...actorAudit(actor), action: 'tokens.revoke', outcome: 'success', targetType: 'api_token', targetId: id, requestId: ctx.requestId, ip: ctx.ip });
    });
  }

  /** The actor behind a bearer secret, or null when it is unknown, revoked, expired or its owner is disabled. */
  async function resolve(secret: string): Promise<Extract<Actor, { kind: 'token' }> | null> {
    if (!/^lt_[0-9a-f]{12}_[A-Za-z0-9_-]{20,64}$/.test(secret)) return null;
    const row = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.owner_id')
      .select(['api_tokens.id', 'api_tokens.scopes', 'api_tokens.fonds_scope', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at',
        'users.id as user_id', 'users.username', 'users.roles', 'users.disabled', 'users.clearance', 'users.fonds_scope as owner_fonds_scope'])
      .where('token_hash', '=', digestSecret(secret)).executeTakeFirst();
    if (!row || row.revoked_at || row.disabled || (row.expires_at && row.expires_at <= new Date())) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
    }
    return { kind: 'token', tokenId: row.id, userId: row.user_id, username: row.username, roles: row.roles as Role[], scopes: row.scopes, clearance: row.clearance as Clearance,
      // The owner's scope as it is now: narrowing a records officer's fonds also narrows their existing tokens.
      fondsScope: effectiveFondsScope(row.roles as Role[], row.owner_fonds_scope, row.fonds_scope) };
  }

  return { create, list, revoke, resolve };
}
export type TokenService = ReturnType<typeof createTokenService>;

/**
 * The fonds a token may reach: what it asked for (nothing asked: all its owner's), never beyond its owner's
 * fonds scope. An archivist is not limited to fonds, so their token keeps what it asked for; anyone else with
 * an empty scope has no fonds at all (an empty scope never means "every fonds" for a records officer).
 */
export function effectiveFondsScope(ownerRoles: readonly Role[], ownerScope: readonly string[], requested: readonly string[]): string[] {
  if (ownerRoles.includes('archivist')) return [...requested];
  return (requested.length ? requested : ownerScope).filter((f) => ownerScope.includes(f));
}
