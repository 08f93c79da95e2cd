import type { Selectable } from 'kysely';
import type { Category, ExtraField, Scheme, SchemeBody } from '@lantai/api';
import type { CategoriesTable, SchemesTable } from '../../platform/db/schema.ts';

export const presentScheme = (s: Selectable<SchemesTable>): Scheme => ({
  id: s.id, categoryId: s.category_id, version: s.version, status: s.status, body: s.body as SchemeBody, note: s.note, createdBy: s.created_by,
  createdAt: s.created_at.toISOString(), approvedBy: s.approved_by, approvedAt: s.approved_at?.toISOString() ?? null,
  editVersion: s.edit_version,
});

export const presentCategory = (c: Selectable<CategoriesTable>, currentSchemeId: string | null): Category => ({
  id: c.id, fondsId: c.fonds_id, code: c.code, name: c.name, mode: c.mode, extraFields: c.extra_fields as ExtraField[], version: c.version, currentSchemeId,
});
