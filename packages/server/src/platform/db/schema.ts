import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; one interface per table, columns as PostgreSQL returns them. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

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

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  actor_roles: string[];
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  target_type: string | null;
  target_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobRunsTable {
  id: string;
  name: string;
  state: ColumnType<string, string | undefined, string>;
  percent: ColumnType<number, number | undefined, number>;
  message: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  output: ColumnType<unknown, string | null, string | null>;
}

export interface DB {
  job_runs: JobRunsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}
