import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

// Tables of modules/audit: the hash-chained audit log and its checkpoints.
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

export interface AuditCheckpointsTable {
  id: Generated<number>;
  head_seq: number;
  head_hash: string;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  verified_by: string | null;
}
