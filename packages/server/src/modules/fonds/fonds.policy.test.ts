import { describe, expect, it } from 'vitest';
import type { Role } from '@lantai/api';
import type { Actor } from '../auth/actor.ts';
import { assertFondsVisible, catalogueScope } from './fonds.policy.ts';

const session = (roles: Role[], fondsScope: string[]): Actor =>
  ({ kind: 'user', userId: 'u1', username: 'u', roles, fondsScope, clearance: 'internal', sessionId: 's', csrfToken: 'c' });
const token = (roles: Role[], fondsScope: string[]): Actor =>
  ({ kind: 'token', tokenId: 't1', userId: 'u1', username: 'u', roles, scopes: ['catalogue:read'], fondsScope, clearance: 'internal' });

describe('catalogueScope', () => {
  it('an archivist signed in reaches every fonds; a records officer only their own', () => {
    expect(catalogueScope(session(['archivist'], [])).fondsCodes).toBeNull();
    expect(catalogueScope(session(['records_officer'], ['J001'])).fondsCodes).toEqual(['J001']);
  });

  it("an archivist's token narrowed to one fonds keeps to it (404 elsewhere); an unnarrowed one reaches all", () => {
    const narrowed = catalogueScope(token(['archivist'], ['J001']));
    expect(narrowed.fondsCodes).toEqual(['J001']);
    expect(() => assertFondsVisible(narrowed, 'J002')).toThrow();
    expect(() => assertFondsVisible(narrowed, 'J001')).not.toThrow();
    expect(catalogueScope(token(['archivist'], [])).fondsCodes).toBeNull();
  });

  it('clearance bounds the securities', () => {
    expect(catalogueScope(session(['archivist'], [])).securities).toEqual(['public', 'internal']);
  });
});
