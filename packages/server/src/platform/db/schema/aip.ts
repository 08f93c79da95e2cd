import type { ColumnType, Generated } from 'kysely';

// Tables of modules/aip: built AIPs and preservation (format) copies.
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
