import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

// Tables of modules/auth: accounts, sessions, API tokens.
export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  clearance: ColumnType<string, string | undefined, string>;
  fonds_scope: ColumnType<string[], string[] | undefined, string[]>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  must_change_password: Generated<boolean>;
  disabled: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string[];
  fonds_scope: ColumnType<string[], string[] | undefined, string[]>;
  owner_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}
