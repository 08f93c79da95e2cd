import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

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
