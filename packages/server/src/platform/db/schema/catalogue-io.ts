import type { ColumnType, Generated } from 'kysely';

// Tables of modules/catalogue-io: spreadsheet imports, their row errors and saved mappings.
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
