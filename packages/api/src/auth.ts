import { z } from 'zod';

/**
 * Roles after 三员分立 (separation of duties): the three admin roles are exclusive to each other.
 * sysadmin 系统管理员 · secadmin 安全保密管理员 · auditor 安全审计员 · archivist 档案管理员 ·
 * records_officer 立档单位档案员 · reader 利用者.
 */
export const Role = z.enum(['sysadmin', 'secadmin', 'auditor', 'archivist', 'records_officer', 'reader']);
export type Role = z.infer<typeof Role>;
export const ADMIN_ROLES = ['sysadmin', 'secadmin', 'auditor'] as const satisfies readonly Role[];

/**
 * 密级 levels, lowest first, coded in pinyin so they cannot be mistranslated:
 * public 公开 · internal 内部 · mimi 秘密 · jimi 机密 · juemi 绝密. Used for both a record's 密级 and a user's clearance.
 */
export const Clearance = z.enum(['public', 'internal', 'mimi', 'jimi', 'juemi']);
export const CLEARANCE_ORDER = Clearance.options;
export type Clearance = z.infer<typeof Clearance>;

export const User = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    clearance: Clearance,
    fondsScope: z.array(z.string()),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const Session = z.object({ user: User, csrfToken: z.string() }).meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const ChangePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });

export const Username = z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, '2–64 letters, digits or _ . @ -');
export const CreateUserBody = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(256),
});
export const UpdateUserBody = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  disabled: z.boolean().optional(),
});
/** Only the 安全保密管理员 may send this. */
export const GrantBody = z.object({
  roles: z.array(Role).max(6),
  clearance: Clearance,
  fondsScope: z.array(z.string().max(64)).max(200).default([]),
});

export const TokenScope = z.enum(['archive:write', 'catalogue:read', 'catalogue:write', 'transfer:write']);
export type TokenScope = z.infer<typeof TokenScope>;
export const ApiToken = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(TokenScope),
    fondsScope: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;
export const CreateTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(TokenScope).min(1),
  fondsScope: z.array(z.string().max(64)).max(200).default([]),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
/** The secret is shown once, at creation. */
export const CreatedToken = z.object({ token: ApiToken, secret: z.string() });
