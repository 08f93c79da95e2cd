import type { Clearance, Role, TokenScope } from '@lantai/api';

/** Display order of roles: the three admin roles (三员) first. */
export const ROLES: readonly Role[] = ['sysadmin', 'secadmin', 'auditor', 'archivist', 'records_officer', 'reader'];
export const CLEARANCES: readonly Clearance[] = ['public', 'internal', 'mimi', 'jimi', 'juemi'];
export const TOKEN_SCOPES: readonly TokenScope[] = ['archive:write', 'catalogue:read', 'catalogue:write', 'transfer:write'];

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

export const hasAnyRole = (roles: readonly Role[], wanted: readonly Role[]) => roles.some((r) => wanted.includes(r));
