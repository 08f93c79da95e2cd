import type { Selectable } from 'kysely';
import type { ArchivalRecord, Clearance } from '@lantai/api';
import type { RecordsTable } from '../../platform/db/schema.ts';

type OpenStatus = ArchivalRecord['openStatus'];
type Retention = ArchivalRecord['retention'];

export function presentRecord(r: Selectable<RecordsTable>, fileCount?: number): ArchivalRecord {
  return {
    id: r.id, fondsId: r.fonds_id, categoryId: r.category_id, schemeId: r.scheme_id, kind: r.kind, parentId: r.parent_id, status: r.status,
    archivalCode: r.archival_code, seqNo: r.seq_no, title: r.title, responsible: r.responsible, docNumber: r.doc_number, docDate: r.doc_date,
    year: r.year, retention: r.retention as Retention, orgCode: r.org_code, catalogueNo: r.catalogue_no, security: r.security as Clearance,
    secrecyPeriod: r.secrecy_period, pages: r.pages, openStatus: r.open_status as OpenStatus, remarks: r.remarks, subjects: r.subjects,
    scopeCode: r.scope_code, extra: r.extra as ArchivalRecord['extra'], version: r.version, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), archivedAt: r.archived_at?.toISOString() ?? null,
    ...(fileCount !== undefined ? { fileCount } : {}),
  };
}

/** The descriptive fields as columns, for inserts and updates. */
export const fieldColumns = (f: Partial<import('@lantai/api').RecordFields>) => ({
  ...(f.title !== undefined ? { title: f.title } : {}),
  ...(f.responsible !== undefined ? { responsible: f.responsible } : {}),
  ...(f.docNumber !== undefined ? { doc_number: f.docNumber } : {}),
  ...(f.docDate !== undefined ? { doc_date: f.docDate } : {}),
  ...(f.year !== undefined ? { year: f.year } : {}),
  ...(f.retention !== undefined ? { retention: f.retention } : {}),
  ...(f.orgCode !== undefined ? { org_code: f.orgCode } : {}),
  ...(f.catalogueNo !== undefined ? { catalogue_no: f.catalogueNo } : {}),
  ...(f.security !== undefined ? { security: f.security } : {}),
  ...(f.secrecyPeriod !== undefined ? { secrecy_period: f.secrecyPeriod } : {}),
  ...(f.pages !== undefined ? { pages: f.pages } : {}),
  ...(f.openStatus !== undefined ? { open_status: f.openStatus } : {}),
  ...(f.remarks !== undefined ? { remarks: f.remarks } : {}),
  ...(f.subjects !== undefined ? { subjects: f.subjects } : {}),
  ...(f.scopeCode !== undefined ? { scope_code: f.scopeCode } : {}),
  ...(f.extra !== undefined ? { extra: JSON.stringify(f.extra) } : {}),
});
