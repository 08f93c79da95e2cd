import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

// Tables of modules/preservation: PREMIS events, storage locations, replicas, alerts, incidents.
export interface PreservationEventsTable {
  id: string;
  event_type: string;
  event_at: ColumnType<Date, Date | string | undefined, never>;
  object_sha256: string | null;
  record_id: string | null;
  object_id: string | null;
  location_id: string | null;
  outcome: 'pass' | 'fail' | 'warning';
  detail: ColumnType<string, string | undefined, never>;
  outcome_detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  agent_type: 'software' | 'person' | 'organization';
  agent_name: string;
  agent_version: string | null;
  agent_user_id: string | null;
}

export interface StorageLocationsTable {
  id: string;
  name: string;
  kind: 'primary' | 'local' | 's3';
  medium: 'disk' | 'object' | 'offline';
  state: ColumnType<'online' | 'offline', 'online' | 'offline' | undefined, 'online' | 'offline'>;
  zone: ColumnType<string, string | undefined, string>;
  config: ColumnType<Record<string, unknown>, string | undefined, string>;
  position: ColumnType<number, number | undefined, number>;
  sweep_cursor: string | null;
  sweep_cycle_started_at: Timestamp | null;
  last_sweep_completed_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PreservationPolicyTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  copies: ColumnType<number, number | undefined, number>;
  media_types: ColumnType<number, number | undefined, number>;
  fixity_cycle_days: ColumnType<number, number | undefined, number>;
  sweep_bytes_per_sec: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

export interface PreservationObjectsTable {
  sha256: string;
  size: number;
  first_seen_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ObjectReplicasTable {
  location_id: string;
  sha256: string;
  state: 'pending' | 'present' | 'missing' | 'corrupt';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  copied_at: Timestamp | null;
  last_checked_at: Timestamp | null;
  last_check_outcome: 'pass' | 'fail' | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PreservationAlertsTable {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'error';
  object_sha256: string | null;
  location_id: string | null;
  message: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  read_at: Timestamp | null;
  read_by: string | null;
}

export interface PreservationIncidentsTable {
  id: string;
  kind: string;
  state: ColumnType<'open' | 'acknowledged' | 'resolved', 'open' | 'acknowledged' | 'resolved' | undefined, 'open' | 'acknowledged' | 'resolved'>;
  object_sha256: string | null;
  location_id: string | null;
  title: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  opened_at: ColumnType<Date, Date | string | undefined, never>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  occurrences: ColumnType<number, number | undefined, number>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
}
