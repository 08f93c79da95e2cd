import type { ColumnType, Generated } from 'kysely';

// Tables of modules/transfer: 移交 transfers, their packages, check runs and signed forms.
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
