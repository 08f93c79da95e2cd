import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns.ts';

// Tables of platform/jobs: one row per background job run.
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
