import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

// Tables of modules/fonds, modules/scheme and modules/catalogue: fonds, categories, 著录方案, records and their files.
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
export interface RecordClassCountsTable {
  category_id: string;
  year: number;
  retention: string;
  org_code: string;
  security: string;
  n: number;
}
/** Text signature state of a lowest class (migration 0023, modules/catalogue/class-sig.*). */
export interface RecordClassSigsTable {
  category_id: string;
  year: number;
  retention: string;
  org_code: string;
  version: Generated<string>;
  dirty: Generated<boolean>;
  records: Generated<number>;
  built_at: Date | null;
  /** The 档号 prefix all `records` share, as of `version` (null until built). */
  code_prefix: string | null;
}
/** A block of 64 records of a class in 档号 order: its Bloom filter and 档号 range, as of the class's `version`. */
export interface RecordClassBlocksTable {
  category_id: string;
  year: number;
  retention: string;
  org_code: string;
  block_no: number;
  version: string;
  min_code: string;
  max_code: string;
  sig: Buffer;
  nbits: number;
  hashes: number;
  pieces: number;
}
