import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { RecordFields } from '@lantai/api';
import type { RecordsTable } from '../../platform/db/schema.ts';
import { presentRecord } from '../catalogue/record.presenter.ts';
import { arrayLiteral, copyIn, copyValue as v } from './import.copy.ts';

export interface NewRecord { row: number; fields: RecordFields; counterKey: string; seqNo: number; code: string }
export interface InsertConstants {
  fondsId: string; categoryId: string; schemeId: string; kind: 'item' | 'volume'; actor: string; at: Date;
  /** COPY with session_replication_role = replica (see replicaCopy): no per-row foreign-key checks. */
  replica?: boolean;
}

const RECORD_COLS = ['id', 'fonds_id', 'category_id', 'scheme_id', 'kind', 'status', 'archival_code', 'counter_key', 'seq_no', 'title', 'responsible',
  'doc_number', 'doc_date', 'year', 'retention', 'org_code', 'catalogue_no', 'security', 'secrecy_period', 'pages', 'open_status', 'remarks', 'subjects',
  'scope_code', 'extra', 'version', 'created_by', 'created_at', 'updated_at'];
export const COPY_RECORDS = `copy records (${RECORD_COLS.join(',')}) from stdin`;
const COPY_VERSIONS = 'copy record_versions (record_id, version, action, actor, at, data) from stdin';

let pool = Buffer.alloc(0), at = 0;
/**
 * A time-ordered UUID (version 7: 48-bit milliseconds, then random bits), so a million new rows append to the
 * primary-key and history indexes instead of landing all over them.
 */
export function uuid7(): string {
  if (at + 10 > pool.length) { pool = randomBytes(8192); at = 0; }
  const t = Date.now().toString(16).padStart(12, '0');
  const r = pool.toString('hex', at, (at += 10));
  return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${(8 | (parseInt(r[3]!, 16) & 3)).toString(16)}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}

/** A batch as COPY text: the records and their first history versions. */
export interface EncodedBatch { rows: NewRecord[]; records: Buffer; versions: Buffer }

/** Builds a batch's COPY text (Node work: the commit does it for the next batch while PostgreSQL inserts the last). */
export function encodeBatch(k: InsertConstants, batch: NewRecord[]): EncodedBatch {
  const at = k.at.toISOString();
  const fixed = `\t${k.fondsId}\t${k.categoryId}\t${k.schemeId}\t${k.kind}\tdraft\t`;
  const tail = `\t1\t${v(k.actor)}\t${at}\t${at}\n`;
  let records = '', versions = '';
  for (const r of batch) {
    const f = r.fields;
    const id = uuid7();
    records += id + fixed + [r.code, r.counterKey, r.seqNo, f.title, f.responsible, f.docNumber, f.docDate, f.year, f.retention, f.orgCode, f.catalogueNo,
      f.security, f.secrecyPeriod, f.pages, f.openStatus, f.remarks, arrayLiteral(f.subjects), f.scopeCode, JSON.stringify(f.extra)].map(v).join('\t') + tail;
    const row = {
      id, fonds_id: k.fondsId, category_id: k.categoryId, scheme_id: k.schemeId, kind: k.kind, parent_id: null, status: 'draft', archival_code: r.code,
      counter_key: r.counterKey, seq_no: r.seqNo, title: f.title, responsible: f.responsible, doc_number: f.docNumber, doc_date: f.docDate, year: f.year,
      retention: f.retention, org_code: f.orgCode, catalogue_no: f.catalogueNo, security: f.security, secrecy_period: f.secrecyPeriod, pages: f.pages,
      open_status: f.openStatus, remarks: f.remarks, subjects: f.subjects, scope_code: f.scopeCode, extra: f.extra, version: 1, created_by: k.actor,
      created_at: k.at, updated_at: k.at, archived_at: null,
    } as unknown as Selectable<RecordsTable>;
    versions += `${id}\t1\timport\t${v(k.actor)}\t${at}\t${v(JSON.stringify(presentRecord(row)))}\n`;
  }
  return { rows: batch, records: Buffer.from(records), versions: Buffer.from(versions) };
}

/**
 * Inserts a batch of records and their first history version with two COPYs in the caller's transaction
 * (about a third less server time than multi-row INSERTs here). Ids are made here, so nothing comes back.
 * `beforeHistory` runs between the two COPYs (the commit refreshes the planner's statistics there).
 */
export async function insertBatch(client: pg.Client, k: InsertConstants, batch: NewRecord[] | EncodedBatch, beforeHistory?: () => Promise<void>): Promise<void> {
  const b = Array.isArray(batch) ? encodeBatch(k, batch) : batch;
  if (k.replica) await client.query('set local session_replication_role = replica');
  await copyIn(client, COPY_RECORDS, b.records);
  await beforeHistory?.();
  await copyIn(client, COPY_VERSIONS, b.versions);
  if (k.replica) await client.query('set local session_replication_role = origin');
}

// Every trigger that fires on inserting records or history rows (not counting the foreign keys' own) fires in
// replica mode too (migration 0021 made the two there ALWAYS); a trigger added later without that turns the fast path off.
const REPLICA_SAFE = `select has_parameter_privilege('session_replication_role', 'SET') and not exists (
  select 1 from pg_trigger where tgrelid in ('records'::regclass, 'record_versions'::regclass) and not tgisinternal and tgtype & 4 <> 0 and tgenabled <> 'A') as ok`;

/**
 * Whether the import may COPY in replica mode, which skips the per-row foreign-key checks (4 per record: fonds,
 * 门类 and scheme, and the history row's record; about a fifth of the database's CPU per imported row). Those keys
 * are the same for every row of an import, so when it may, this makes the check once: each referenced row must
 * exist, and is locked FOR KEY SHARE until the commit ends, as the per-row checks would have locked it. The history
 * rows point at records made in the same batch. Needs the right to set session_replication_role (a superuser, as
 * for the embedded database, or GRANT SET ON PARAMETER); otherwise the import takes the ordinary path.
 */
export async function replicaCopy(client: pg.Client, k: InsertConstants): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>(REPLICA_SAFE);
  if (!r.rows[0]?.ok) return false;
  const parents = [['fonds', 'fonds_id', k.fondsId], ['categories', 'category_id', k.categoryId], ['schemes', 'scheme_id', k.schemeId]] as const;
  for (const [table, column, id] of parents) {
    const found = await client.query(`select 1 from ${table} x where id = $1 for key share of x`, [id]);
    if (!found.rowCount) {
      throw Object.assign(new Error(`insert or update on table "records" violates foreign key constraint "records_${column}_fkey"`),
        { detail: `Key (${column})=(${id}) is not present in table "${table}".` });
    }
  }
  return true;
}

/**
 * Statements that look records up inside the import's transaction (the history rows' foreign key, once per row, and the
 * keep-codes check of each batch) are planned from pg_class. When it says records is
 * empty but the table has pages (a failed import rolled back and vacuumed, or a table emptied), every index looks
 * equally cheap and PostgreSQL may pick a composite one and scan it whole on each lookup: the import turned quadratic
 * (measured: 26–46 ms per row at 50,000 rows). ANALYZE in the import's own transaction counts its own new rows.
 * Only done when the statistics are that stale: ANALYZE keeps a SHARE UPDATE EXCLUSIVE lock until the commit ends
 * (it blocks autovacuum and other ANALYZEs, not writes).
 */
export async function analyzeIfStale(client: pg.Client, justInserted: number): Promise<boolean> {
  const r = await client.query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = 'records'::regclass`);
  const known = Number(r.rows[0]?.n ?? -1);
  if (known >= 0 && known < justInserted) {
    await client.query('analyze records');
    return true;
  }
  return false;
}

/** The batch row a COPY error points at ("COPY records, line 17"), else the row whose 档号 the error names. */
export function failedRow(e: Error & { where?: string; detail?: string }, batch: NewRecord[]): NewRecord {
  const line = /COPY records, line (\d+)/.exec(e.where ?? '')?.[1];
  return (line && batch[Number(line) - 1]) || batch.find((x) => e.detail?.includes(`${x.code})`)) || batch[0]!;
}
