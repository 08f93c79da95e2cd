import type { Selectable } from 'kysely';
import type { Fonds } from '@lantai/api';
import type { FondsTable } from '../../platform/db/schema.ts';

export const presentFonds = (f: Selectable<FondsTable>, recordCount?: number): Fonds => ({
  id: f.id, code: f.code, name: f.name, agency: f.agency, startYear: f.start_year, endYear: f.end_year, description: f.description,
  history: f.history, archived: f.archived, version: f.version, ...(recordCount !== undefined ? { recordCount } : {}),
});
