import { randomUUID } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import type { RecordFields } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import type { RecordsTable } from '../../platform/db/schema.ts';
import { presentRecord } from '../catalogue/record.presenter.ts';
import type { Selectable } from 'kysely';

export interface NewRecord { row: number; fields: RecordFields; counterKey: string; seqNo: number; code: string }
export interface InsertConstants { fondsId: string; categoryId: string; schemeId: string; kind: 'item' | 'volume'; actor: string; at: Date }

// The per-row columns; the constants ($1…$6) repeat in every VALUES tuple.
const ROW_COLS = ['id', 'archival_code', 'counter_key', 'seq_no', 'title', 'responsible', 'doc_number', 'doc_date', 'year', 'retention', 'org_code',
  'catalogue_no', 'security', 'secrecy_period', 'pages', 'open_status', 'remarks', 'subjects', 'scope_code', 'extra'] as const;
const CASTS: Partial<Record<(typeof ROW_COLS)[number], string>> = { id: '::uuid', subjects: '::text[]', extra: '::jsonb' };
const sqlCache = new Map<number, { records: string; versions: string }>();

function statements(n: number) {
  let s = sqlCache.get(n);
  if (s) return s;
  const tuples: string[] = [];
  const versions: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = 6 + i * ROW_COLS.length;
    const ps = ROW_COLS.map((c, k) => `$${base + k + 1}${CASTS[c] ?? ''}`);
    tuples.push(`(${ps[0]},$1::uuid,$2::uuid,$3::uuid,$4,'draft',${ps.slice(1).join(',')},1,$5,$6::timestamptz,$6::timestamptz)`);
    versions.push(`($${3 + i * 2}::uuid,1,'import',$1,$2::timestamptz,$${4 + i * 2}::jsonb)`);
  }
  s = {
    records: `insert into records (id,fonds_id,category_id,scheme_id,kind,status,${ROW_COLS.slice(1).join(',')},version,created_by,created_at,updated_at) values ${tuples.join(',')}`,
    versions: `insert into record_versions (record_id,version,action,actor,at,data) values ${versions.join(',')}`,
  };
  if (sqlCache.size < 8) sqlCache.set(n, s);
  return s;
}

/**
 * Inserts a batch of records and their first history version with two multi-row INSERTs (~20 parameters a
 * row, well under PostgreSQL's 65 535). Ids are made here, so nothing has to come back.
 */
export async function insertBatch(tx: Conn, k: InsertConstants, batch: NewRecord[]): Promise<void> {
  const { records, versions } = statements(batch.length);
  const rp: unknown[] = [k.fondsId, k.categoryId, k.schemeId, k.kind, k.actor, k.at];
  const vp: unknown[] = [k.actor, k.at];
  for (const r of batch) {
    const f = r.fields;
    const id = randomUUID();
    const extra = JSON.stringify(f.extra);
    rp.push(id, r.code, r.counterKey, r.seqNo, f.title, f.responsible, f.docNumber, f.docDate, f.year, f.retention, f.orgCode,
      f.catalogueNo, f.security, f.secrecyPeriod, f.pages, f.openStatus, f.remarks, f.subjects, f.scopeCode, extra);
    const row = {
      id, fonds_id: k.fondsId, category_id: k.categoryId, scheme_id: k.schemeId, kind: k.kind, parent_id: null, status: 'draft', archival_code: r.code,
      counter_key: r.counterKey, seq_no: r.seqNo, title: f.title, responsible: f.responsible, doc_number: f.docNumber, doc_date: f.docDate, year: f.year,
      retention: f.retention, org_code: f.orgCode, catalogue_no: f.catalogueNo, security: f.security, secrecy_period: f.secrecyPeriod, pages: f.pages,
      open_status: f.openStatus, remarks: f.remarks, subjects: f.subjects, scope_code: f.scopeCode, extra: f.extra, version: 1, created_by: k.actor,
      created_at: k.at, updated_at: k.at, archived_at: null,
    } as unknown as Selectable<RecordsTable>;
    vp.push(id, JSON.stringify(presentRecord(row)));
  }
  await tx.executeQuery(CompiledQuery.raw(records, rp));
  await tx.executeQuery(CompiledQuery.raw(versions, vp));
}
