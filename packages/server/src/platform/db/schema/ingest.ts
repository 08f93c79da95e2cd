import type { ColumnType, Generated } from 'kysely';

// Tables of modules/ingest (and ingest/archive): uploads, 四性 check runs, archive submissions.
export interface IngestUploadsTable {
  id: string;
  idempotency_key: string;
  filename: string;
  size: number;
  sha256: string | null;
  received: Generated<number>;
  status: ColumnType<'open' | 'complete' | 'aborted', string | undefined, string>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface IngestConfigsTable {
  stage: string;
  version: number;
  items: ColumnType<Record<string, { enabled: boolean; settings: Record<string, unknown> }>, string, string>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface IngestRunsTable {
  id: string;
  upload_id: string | null;
  idempotency_key: string | null;
  fonds_id: string;
  category_id: string;
  stage: string;
  status: ColumnType<'queued' | 'running' | 'checked' | 'accepting' | 'accepted' | 'rejected' | 'failed', string | undefined, string>;
  verdict: 'pass' | 'warning' | 'fail' | null;
  layout: string | null;
  filename: string;
  package_sha256: string | null;
  defaults: ColumnType<Record<string, unknown>, string | undefined, string>;
  config_version: Generated<number>;
  record_count: Generated<number>;
  file_count: Generated<number>;
  total_bytes: Generated<number>;
  counts: ColumnType<Record<'pass' | 'fail' | 'warning' | 'skipped', number>, string | undefined, string>;
  job_id: string | null;
  accept_job_id: string | null;
  report_sha256: string | null;
  report_sm3: string | null;
  report_pdf_sha256: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  failure: string | null;
  created_records: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface IngestRunItemsTable {
  run_id: string;
  seq: number;
  check_id: string;
  code: string;
  property: string;
  outcome: string;
  subject: string | null;
  message_zh: string;
  message_en: string;
  evidence: ColumnType<Record<string, unknown>, string, string>;
}

export interface IngestRunRecordsTable {
  record_id: string;
  run_id: string;
  package_key: string;
}

export interface ArchiveSettingsTable { id: number; receipt_key: Buffer; key_id: string; created_at: Generated<Date> }
export interface ArchiveSubmissionsTable {
  id: string;
  principal: string;
  idempotency_key: string;
  request_sha256: string;
  via: string;
  token_id: string | null;
  fonds_id: string;
  category_id: string;
  run_id: string | null;
  status: string;
  record_id: string | null;
  http_status: number | null;
  code: string | null;
  receipt: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  failure: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
