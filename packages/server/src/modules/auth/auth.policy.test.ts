import { describe, expect, it } from 'vitest';
import { ADMIN_ROLES, Role } from '@lantai/api';
import { DomainError } from '../../http/errors.ts';
import { authorizeAudit } from '../audit/audit.policy.ts';
import type { Actor } from './actor.ts';
import { authorize, can, type AuthAction } from './auth.policy.ts';

const user = (...roles: Role[]): Actor => ({ kind: 'user', userId: 'u1', username: 'u', roles, clearance: 'public', fondsScope: [], sessionId: 's', csrfToken: 'c' });
const token = (...roles: Role[]): Actor => ({ kind: 'token', tokenId: 't1', userId: 'u1', username: 'u', roles, scopes: ['archive:write'], fondsScope: [], clearance: 'public' });
const anonymous: Actor = { kind: 'anonymous' };

/** Who may do each auth action (三员分立); the route matrix test checks the same over HTTP. */
const EXPECTED: Record<AuthAction, readonly Role[]> = {
  'users.list': ['sysadmin', 'secadmin'],
  'users.create': ['sysadmin'],
  'users.update': ['sysadmin'],
  'users.unlock': ['sysadmin'],
  'users.grant': ['secadmin'],
  'tokens.manage': ['archivist', 'records_officer'],
};
const actions = Object.keys(EXPECTED) as AuthAction[];

const thrown = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? `${e.status} ${e.code}` : 'other';
  }
  return 'allowed';
};

describe('auth policy', () => {
  it.each(Role.options)('%s may do exactly its actions, and gets 403 forbidden for the rest', (role) => {
    for (const a of actions) {
      const allowed = EXPECTED[a].includes(role);
      expect(can(user(role), a), `${role} ${a}`).toBe(allowed);
      expect(thrown(() => authorize(user(role), a)), `${role} ${a}`).toBe(allowed ? 'allowed' : '403 forbidden');
    }
  });

  it('separates the three admins: none of them may do what another one does, except listing accounts', () => {
    expect(can(user('sysadmin'), 'users.grant')).toBe(false); // the account manager cannot grant roles
    for (const a of ['users.create', 'users.update', 'users.unlock'] as const) expect(can(user('secadmin'), a)).toBe(false);
    for (const a of actions) expect(can(user('auditor'), a)).toBe(false); // the auditor only reads the audit log
  });

  it('never gives an account-management action to a non-admin role', () => {
    for (const a of ['users.list', 'users.create', 'users.update', 'users.unlock', 'users.grant'] as const) {
      for (const r of Role.options.filter((x) => !(ADMIN_ROLES as readonly string[]).includes(x))) expect(can(user(r), a)).toBe(false);
    }
  });

  it('grants the union for a user with several roles, and nothing for a user with none', () => {
    expect(actions.filter((a) => can(user('archivist', 'sysadmin'), a))).toEqual(['users.list', 'users.create', 'users.update', 'users.unlock', 'tokens.manage']);
    expect(actions.filter((a) => can(user(), a))).toEqual([]);
  });

  it('answers 401 (not 403) to nobody', () => {
    for (const a of actions) expect(thrown(() => authorize(anonymous, a))).toBe('401 unauthenticated');
    expect(thrown(() => authorizeAudit(anonymous))).toBe('401 unauthenticated');
  });

  it('lets an API token do none of it, whatever roles its owner has', () => {
    for (const a of actions) {
      expect(can(token('sysadmin', 'archivist'), a)).toBe(false);
      expect(thrown(() => authorize(token('secadmin', 'archivist'), a))).toBe('403 forbidden');
    }
    expect(thrown(() => authorizeAudit(token('auditor')))).toBe('403 forbidden');
  });

  it('lets only the auditor read and verify the audit log', () => {
    for (const r of Role.options) expect(thrown(() => authorizeAudit(user(r))), r).toBe(r === 'auditor' ? 'allowed' : '403 forbidden');
    expect(thrown(() => authorizeAudit(user('reader', 'auditor')))).toBe('allowed');
  });
});
