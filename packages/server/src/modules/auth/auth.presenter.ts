import type { Selectable } from 'kysely';
import type { ApiToken, Clearance, Role, TokenScope, User } from '@lantai/api';
import type { ApiTokensTable, UsersTable } from '../../platform/db/schema.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentUser(u: Selectable<UsersTable>): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: u.roles as Role[],
    clearance: u.clearance as Clearance,
    fondsScope: u.fonds_scope,
    disabled: u.disabled,
    mustChangePassword: u.must_change_password,
    lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
    createdAt: u.created_at.toISOString(),
  };
}

export function presentToken(t: Selectable<ApiTokensTable>) {
  return {
    id: t.id, name: t.name, prefix: t.prefix, scopes: t.scopes as TokenScope[], fondsScope: t.fonds_scope,
    createdAt: t.created_at.toISOString(), expiresAt: iso(t.expires_at), revokedAt: iso(t.revoked_at), lastUsedAt: iso(t.last_used_at),
  } satisfies ApiToken;
}
