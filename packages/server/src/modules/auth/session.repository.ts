import { createHash, randomBytes } from 'node:crypto';
import type { Conn } from '../../platform/db/database.ts';

/** Session ids and token secrets are stored only as SHA-256 digests: a database leak yields no live credential. */
export const digestSecret = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(db: Conn, userId: string, minutes: number, ip: string, userAgent: string | undefined) {
  const id = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insertInto('sessions').values({
    id: digestSecret(id), user_id: userId, csrf_token: csrfToken,
    expires_at: new Date(Date.now() + minutes * 60_000), ip, user_agent: userAgent?.slice(0, 300) ?? null,
  }).execute();
  return { id, csrfToken };
}

/** The live session and its user, extending the expiry when half of it has passed (sliding). */
export async function findSession(db: Conn, id: string, minutes: number) {
  const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as sid', 'sessions.csrf_token', 'sessions.expires_at', 'users.id', 'users.username', 'users.roles',
      'users.clearance', 'users.fonds_scope', 'users.disabled'])
    .where('sessions.id', '=', digestSecret(id)).executeTakeFirst();
  if (!row) return { state: 'missing' as const };
  if (row.expires_at <= new Date() || row.disabled) return { state: 'expired' as const };
  if (row.expires_at.getTime() - Date.now() < (minutes * 60_000) / 2) {
    await db.updateTable('sessions').set({ expires_at: new Date(Date.now() + minutes * 60_000) }).where('id', '=', row.sid).execute();
  }
  return { state: 'live' as const, row };
}

export const deleteSession = (db: Conn, id: string) => db.deleteFrom('sessions').where('id', '=', digestSecret(id)).execute();
export const deleteUserSessions = (db: Conn, userId: string) => db.deleteFrom('sessions').where('user_id', '=', userId).execute();
export const purgeExpiredSessions = (db: Conn) => db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
