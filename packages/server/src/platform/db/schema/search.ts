import type { Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

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
