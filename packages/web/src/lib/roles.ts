import { CLEARANCE_ORDER, TokenScope, type Clearance, type Role } from '@lantai/api';

/** Display order of roles: the three admin roles (三员) first. */
export const ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor', 'archivist', 'records_officer', 'reader'];
/** 密级, lowest first, straight from the API contract. */
export const CLEARANCES: readonly Clearance[] = CLEARANCE_ORDER;
export const TOKEN_SCOPES: readonly TokenScope[] = TokenScope.options;

export const ROLE_COLORS: Record<Role, string> = {
  sysadmin: 'blue',
  secadmin: 'volcano',
  auditor: 'purple',
  archivist: 'green',
  records_officer: 'cyan',
  reader: 'default',
};

export const CLEARANCE_COLORS: Record<Clearance, string> = {
  public: 'default',
  internal: 'blue',
  mimi: 'orange',
  jimi: 'volcano',
  juemi: 'red',
};

/**
 * What an empty fonds scope means for an account (server: fonds.policy.ts): the 档案管理员 is not limited
 * by fonds; the 立档单位档案员 then has none; for other roles the scope does not apply.
 */
export function emptyFondsMeans(roles: readonly Role[]): 'all' | 'none' | 'n/a' {
  if (roles.includes('archivist')) return 'all';
  return roles.includes('records_officer') ? 'none' : 'n/a';
}

export const hasAnyRole = (roles: readonly Role[], wanted: readonly Role[]) => roles.some((r) => wanted.includes(r));
