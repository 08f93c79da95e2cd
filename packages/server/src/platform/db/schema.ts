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

export interface AuditCheckpointsTable {
  id: Generated<number>;
  head_seq: number;
  head_hash: string;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  verified_by: string | null;
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

export interface FondsTable {
  id: Generated<string>;
  code: string;
  name: string;
  agency: string;
  start_year: number | null;
  end_year: number | null;
  description: Generated<string>;
  history: Generated<string>;
  archived: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CategoriesTable {
  id: Generated<string>;
  fonds_id: string;
  code: string;
  name: string;
  mode: 'item' | 'volume';
  extra_fields: ColumnType<unknown[], string | undefined, string>;
  version: Generated<number>;
  created_at: Generated<Date>;
}

export interface SchemesTable {
  id: Generated<string>;
  category_id: string;
  version: number;
  status: 'draft' | 'approved' | 'retired';
  body: ColumnType<unknown, string, string>;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
  approved_by: string | null;
  approved_at: Timestamp | null;
  /** Edit counter of a draft (optimistic concurrency), not the scheme's version number. */
  edit_version: Generated<number>;
}

export interface RecordsTable {
  id: Generated<string>;
  fonds_id: string;
  category_id: string;
  scheme_id: string;
  kind: 'item' | 'volume';
  parent_id: string | null;
  status: ColumnType<'draft' | 'archived', 'draft' | 'archived' | undefined, 'draft' | 'archived'>;
  archival_code: string;
  counter_key: string;
  seq_no: number;
  title: string;
  responsible: string;
  doc_number: string;
  doc_date: string;
  year: number;
  retention: string;
  org_code: string;
  catalogue_no: string;
  security: string;
  secrecy_period: string;
  pages: number | null;
  open_status: string;
  remarks: string;
  subjects: string[];
  scope_code: string;
  extra: ColumnType<Record<string, unknown>, string, string>;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  archived_at: Timestamp | null;
}

export interface ItemCountersTable {
  counter_key: string;
  last_no: number;
}

export interface RecordVersionsTable {
  id: Generated<number>;
  record_id: string;
  version: number;
  action: string;
  actor: string;
  at: Generated<Date>;
  data: ColumnType<Record<string, unknown>, string, string>;
}

export interface RecordFilesTable {
  id: Generated<string>;
  record_id: string;
  role: ColumnType<'original' | 'preservation' | 'access', 'original' | 'preservation' | 'access' | undefined, string>;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  sm3: string;
  created_by: string;
  created_at: Generated<Date>;
}

export interface ImportsTable {
  id: string;
  fonds_id: string;
  category_id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  size: number;
  encoding: string;
  detected_encoding: string;
  status: ColumnType<'uploaded' | 'validating' | 'validated' | 'committing' | 'committed' | 'failed', string | undefined, string>;
  mapping: ColumnType<Record<string, string | null> | null, string | null | undefined, string | null>;
  keep_codes: Generated<boolean>;
  allow_suspect_text: Generated<boolean>;
  total_rows: Generated<number>;
  error_rows: Generated<number>;
  error_count: Generated<number>;
  warning_count: Generated<number>;
  committed_rows: Generated<number>;
  validate_job_id: string | null;
  commit_job_id: string | null;
  failure: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ImportErrorsTable {
  import_id: string;
  seq: number;
  row_no: number;
  col: string | null;
  field: string | null;
  code: string;
  severity: 'error' | 'warning';
  message_zh: string;
  message_en: string;
  value: string | null;
}

export interface ImportTemplatesTable {
  category_id: string;
  mapping: ColumnType<Record<string, string | null>, string, string>;
  keep_codes: Generated<boolean>;
  updated_by: string;
  updated_at: Generated<Date>;
}

export interface RecordClassCountsTable {
  category_id: string;
  year: number;
  retention: string;
  org_code: string;
  security: string;
  n: number;
}

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

export interface AipsTable {
  id: Generated<string>;
  record_id: string;
  version: number;
  record_version: number;
  source_fingerprint: string;
  sha256: string;
  sm3: string;
  size: ColumnType<string, number | string, never>;
  file_count: number;
  payload_oxum: string;
  origin: ColumnType<'built' | 'imported', 'built' | 'imported' | undefined, never>;
  created_by: string;
  created_at: Generated<Date>;
}

export interface PreservationCopiesTable {
  id: Generated<string>;
  source_file_id: string;
  copy_file_id: string | null;
  outcome: 'pass' | 'fail';
  target_format: string;
  tool: string;
  tool_version: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: Generated<Date>;
}

// 开放审核 and the public portal (migration 0013).
export interface OpenReviewRulesTable {
  category_id: string;
  open_after_years: number;
  co_review: boolean;
  updated_by: string;
  updated_at: Generated<Date>;
}
export interface SensitiveTermsTable {
  id: Generated<string>;
  term: string;
  category: string;
  created_by: string;
  created_at: Generated<Date>;
}
export interface OpenReviewsTable {
  id: Generated<string>;
  record_id: string;
  fonds_id: string;
  stage: Generated<'initial' | 'co_review' | 'final' | 'decided'>;
  due_year: number;
  hits: ColumnType<unknown[], string | undefined, string>;
  hit_count: Generated<number>;
  decision: 'open' | 'closed' | 'redacted' | null;
  defer_years: number | null;
  redaction: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  published_at: Timestamp | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  decided_at: Timestamp | null;
}
export interface OpenReviewOpinionsTable {
  id: Generated<string>;
  review_id: string;
  stage: 'initial' | 'co_review' | 'final';
  actor: string;
  decision: 'open' | 'closed' | 'redacted';
  reason: string;
  defer_years: number | null;
  redaction: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  at: Generated<Date>;
}
export interface OpenPublicationsTable {
  id: Generated<string>;
  batch_no: string;
  count: number;
  published_by: string;
  published_at: Generated<Date>;
}
export interface PortalRecordsTable {
  record_id: string;
  publication_id: string;
  fonds_code: string;
  fonds_name: string;
  category_name: string;
  archival_code: string;
  title: string;
  responsible: string;
  doc_number: string;
  doc_date: string;
  year: number;
  pages: number | null;
  redacted: boolean;
  file_ids: string[];
  published_at: Generated<Date>;
}
export interface PortalNoticesTable {
  id: Generated<string>;
  title: string;
  body: string;
  published: Generated<boolean>;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

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

// Full-text search (migration 0009).
export interface SearchDocsTable {
  record_id: string;
  fonds_code: string;
  category_code: string;
  year: number;
  retention: string;
  security: string;
  open_status: string;
  status: string;
  archival_code: string;
  sort_date: string;
  title: string;
  responsible: string;
  doc_number: string;
  doc_date: string;
  subjects: string[];
  file_formats: Generated<string[]>;
  rnd: Generated<number>;
  tsv: Generated<string>;
  content: Generated<string>;
  change_seq: Generated<number>;
  changed_at: Generated<Date>;
  stale_since: Timestamp | null;
}
export interface RecordFileTextsTable {
  sha256: string;
  method: string;
  text: string;
  extracted_at: Generated<Date>;
}

export interface TransferSettingsTable { id: number; hmac_key: Buffer; key_id: string }
export interface TransferCountersTable { year: number; last_no: number }
export interface TransfersTable {
  id: string;
  number: string;
  idempotency_key: string;
  request_sm3: string;
  status: ColumnType<'draft' | 'submitted' | 'checking' | 'checked' | 'accepting' | 'accepted' | 'returned' | 'confirmed', string | undefined, string>;
  version: Generated<number>;
  round: Generated<number>;
  title: string;
  description: Generated<string>;
  transferring_unit: string;
  receiving_unit: string;
  fonds_id: string;
  category_id: string;
  year_from: number;
  year_to: number;
  declared_records: number;
  declared_files: number;
  declared_bytes: ColumnType<string | number, number, number>;
  defaults: ColumnType<Record<string, unknown>, string | undefined, string>;
  return_reason: string | null;
  failure: string | null;
  accept_job_id: string | null;
  created_records: Generated<number>;
  created_by: string;
  submitted_by: string | null;
  submitted_at: Date | null;
  checked_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  agency_confirmed_by: string | null;
  agency_confirmed_at: Date | null;
  agency_signature: string | null;
  archive_confirmed_by: string | null;
  archive_confirmed_at: Date | null;
  archive_signature: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface TransferPackagesTable {
  id: string;
  transfer_id: string;
  upload_id: string;
  filename: string;
  size: ColumnType<string | number, number, number>;
  sha256: string;
  sm3: string;
  added_by: string;
  added_at: Generated<Date>;
  detached_at: Date | null;
}
export interface TransferRunsTable { transfer_id: string; round: number; package_id: string; run_id: string }
export interface TransferFormsTable { transfer_id: string; seq: number; stage: string; sha256: string; sm3: string; created_by: string; created_at: Generated<Date> }

export interface DB {
  ingest_uploads: IngestUploadsTable;
  ingest_configs: IngestConfigsTable;
  ingest_runs: IngestRunsTable;
  ingest_run_items: IngestRunItemsTable;
  ingest_run_records: IngestRunRecordsTable;
  archive_settings: ArchiveSettingsTable;
  archive_submissions: ArchiveSubmissionsTable;
  record_class_counts: RecordClassCountsTable;
  fonds: FondsTable;
  categories: CategoriesTable;
  schemes: SchemesTable;
  records: RecordsTable;
  item_counters: ItemCountersTable;
  record_versions: RecordVersionsTable;
  record_files: RecordFilesTable;
  search_docs: SearchDocsTable;
  record_file_texts: RecordFileTextsTable;
  aips: AipsTable;
  preservation_copies: PreservationCopiesTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  import_templates: ImportTemplatesTable;
  job_runs: JobRunsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  preservation_events: PreservationEventsTable;
  storage_locations: StorageLocationsTable;
  preservation_policy: PreservationPolicyTable;
  preservation_objects: PreservationObjectsTable;
  object_replicas: ObjectReplicasTable;
  preservation_alerts: PreservationAlertsTable;
  preservation_incidents: PreservationIncidentsTable;
  open_review_rules: OpenReviewRulesTable;
  sensitive_terms: SensitiveTermsTable;
  open_reviews: OpenReviewsTable;
  open_review_opinions: OpenReviewOpinionsTable;
  open_publications: OpenPublicationsTable;
  portal_records: PortalRecordsTable;
  portal_notices: PortalNoticesTable;
  access_settings: AccessSettingsTable;
  access_counters: AccessCountersTable;
  access_requests: AccessRequestsTable;
  access_request_items: AccessRequestItemsTable;
  access_decisions: AccessDecisionsTable;
  access_deliveries: AccessDeliveriesTable;
  access_events: AccessEventsTable;
  transfer_settings: TransferSettingsTable;
  transfer_counters: TransferCountersTable;
  transfers: TransfersTable;
  transfer_packages: TransferPackagesTable;
  transfer_runs: TransferRunsTable;
  transfer_forms: TransferFormsTable;
}
