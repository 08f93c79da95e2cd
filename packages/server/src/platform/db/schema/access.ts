import type { ColumnType, Generated } from 'kysely';

// 利用: 查档/借阅 requests, approvals, deliveries (migration 0012).
export interface AccessSettingsTable {
  id: number;
  flow: ColumnType<unknown, string, string>;
  hmac_key: Buffer;
  updated_by: string;
  updated_at: Generated<Date>;
}
export interface AccessCountersTable {
  kind: 'CD' | 'CZ';
  year: number;
  last_no: number;
}
export interface AccessRequestsTable {
  id: string;
  number: string;
  channel: 'online' | 'window' | 'portal';
  status: ColumnType<'reviewing' | 'approved' | 'rejected' | 'withdrawn', 'reviewing' | undefined, 'reviewing' | 'approved' | 'rejected' | 'withdrawn'>;
  purpose: string;
  purpose_detail: string;
  content: string;
  preferred_mode: string;
  reader_user_id: string | null;
  applicant_name: string;
  id_type: string;
  id_no: string;
  phone: string;
  tracking_digest: string | null;
  requested_record_ids: string[];
  steps: ColumnType<{ key: string; label: string; approvers: string[] }[], string, string>;
  current_step: Generated<number>;
  submit_ip: string;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  decided_at: Date | null;
}
export interface AccessRequestItemsTable {
  request_id: string;
  record_id: string;
}
export interface AccessDecisionsTable {
  id: Generated<number>;
  request_id: string;
  step_index: number;
  step_key: string;
  decision: 'approve' | 'reject';
  reason: string;
  actor_id: string;
  actor: string;
  at: Generated<Date>;
}
export interface AccessDeliveriesTable {
  id: string;
  request_id: string;
  mode: 'view' | 'download' | 'certified';
  expires_at: Date;
  certificate_no: string | null;
  mark_id: string;
  revoked_at: Date | null;
  created_by: string;
  created_at: Generated<Date>;
}
export interface AccessEventsTable {
  id: Generated<number>;
  delivery_id: string;
  kind: 'view' | 'download' | 'certificate';
  record_id: string | null;
  file_id: string | null;
  page: number | null;
  actor: string;
  ip: string;
  at: Generated<Date>;
}
