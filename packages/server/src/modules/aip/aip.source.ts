import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ArchivalRecord } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import { presentRecord } from '../catalogue/index.ts';

/** One electronic file going into the package (a record_files row). */
export interface AipFile {
  id: string;
  recordId: string;
  role: 'original' | 'preservation' | 'access';
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  sm3: string;
  createdAt: string;
  createdBy: string;
  /** For a preservation copy: the file it was made from, and how. */
  derivedFrom?: { fileId: string; tool: string; toolVersion: string; targetFormat: string };
}

export interface AipEvent {
  id: string;
  type: string;
  at: string;
  objectSha256: string | null;
  recordId: string | null;
  outcome: string;
  detail: string;
  outcomeDetail: Record<string, unknown>;
  agent: { type: string; name: string; version: string | null };
}

export interface IngestReportRef {
  runId: string;
  jsonSha256: string | null;
  pdfSha256: string | null;
}

/** Everything one AIP is built from, read in one go; the builder itself needs no database. */
export interface AipSource {
  record: ArchivalRecord;
  /** The 件 of a 卷 (empty for a 件). */
  items: ArchivalRecord[];
  fonds: { code: string; name: string; agency: string };
  category: { id: string; code: string; name: string; mode: string; extraFields: unknown[] };
  scheme: { version: number; body: unknown };
  files: AipFile[];
  events: AipEvent[];
  /** Record history (业务实体: 行为, 时间, 人员). */
  history: { recordId: string; version: number; action: string; actor: string; at: string; data: unknown }[];
  /** The numbering class of each record (records.counter_key), so a re-import keeps numbering where it was. */
  counterKeys: Record<string, string>;
  /** The 四性检测 report (JSON and PDF objects in the store) of the ingest run the record came through, when there was one. */
  ingestReport: IngestReportRef | null;
}

/** Identifies the content of a package: the same record/item versions and the same files give the same fingerprint. */
export function fingerprint(s: Pick<AipSource, 'record' | 'items' | 'files'>): string {
  const h = createHash('sha256');
  for (const r of [s.record, ...s.items]) h.update(`${r.id}:${r.version}\n`);
  for (const f of [...s.files].sort((a, b) => a.id.localeCompare(b.id))) h.update(`${f.id}:${f.role}:${f.sha256}\n`);
  return h.digest('hex');
}

/**
 * The 四性检测 report of the ingest run a record came through (modules/ingest links records to runs in
 * ingest_run_records and keeps each report as stored objects). Read with plain SQL and only when that
 * table exists, so packaging does not depend on the ingest module being installed.
 */
export async function findIngestReport(db: Conn, recordId: string): Promise<IngestReportRef | null> {
  const t = await sql<{ t: string | null }>`select to_regclass('ingest_run_records')::text as t`.execute(db);
  if (!t.rows[0]?.t) return null;
  const r = await sql<{ run_id: string; report_sha256: string | null; report_pdf_sha256: string | null }>`
    select r.id as run_id, r.report_sha256, r.report_pdf_sha256 from ingest_run_records x join ingest_runs r on r.id = x.run_id where x.record_id = ${recordId}`.execute(db);
  const row = r.rows[0];
  return row ? { runId: row.run_id, jsonSha256: row.report_sha256, pdfSha256: row.report_pdf_sha256 } : null;
}

export async function loadAipSource(db: Conn, recordId: string): Promise<AipSource | null> {
  const r = await db.selectFrom('records').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!r) return null;
  const items = r.kind === 'volume' ? await db.selectFrom('records').selectAll().where('parent_id', '=', r.id).orderBy('seq_no').execute() : [];
  const ids = [r.id, ...items.map((i) => i.id)];
  const fonds = await db.selectFrom('fonds').select(['code', 'name', 'agency']).where('id', '=', r.fonds_id).executeTakeFirstOrThrow();
  const category = await db.selectFrom('categories').select(['id', 'code', 'name', 'mode', 'extra_fields']).where('id', '=', r.category_id).executeTakeFirstOrThrow();
  const scheme = await db.selectFrom('schemes').select(['version', 'body']).where('id', '=', r.scheme_id).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('record_files').selectAll().where('record_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
  const copies = rows.length
    ? await db.selectFrom('preservation_copies').selectAll().where('outcome', '=', 'pass').where('copy_file_id', 'in', rows.map((f) => f.id)).execute()
    : [];
  const byCopy = new Map(copies.map((c) => [c.copy_file_id, c]));
  const files: AipFile[] = rows.map((f) => {
    const c = byCopy.get(f.id);
    return {
      id: f.id, recordId: f.record_id, role: f.role as AipFile['role'], filename: f.filename, mime: f.mime, size: Number(f.size), sha256: f.sha256, sm3: f.sm3,
      createdAt: f.created_at.toISOString(), createdBy: f.created_by, ...(c ? { derivedFrom: { fileId: c.source_file_id, tool: c.tool, toolVersion: c.tool_version, targetFormat: c.target_format } } : {}),
    };
  });
  const shas = [...new Set(files.map((f) => f.sha256))];
  let q = db.selectFrom('preservation_events').selectAll().where((eb) => eb.or([eb('record_id', 'in', ids), ...(shas.length ? [eb('object_sha256', 'in', shas)] : [])]));
  q = q.orderBy('event_at').orderBy('id');
  const events = (await q.execute()).map((e) => ({
    id: e.id, type: e.event_type, at: new Date(e.event_at as unknown as string).toISOString(), objectSha256: e.object_sha256, recordId: e.record_id, outcome: e.outcome,
    detail: e.detail, outcomeDetail: (e.outcome_detail ?? {}) as Record<string, unknown>, agent: { type: e.agent_type, name: e.agent_name, version: e.agent_version },
  }));
  const history = (await db.selectFrom('record_versions').select(['record_id', 'version', 'action', 'actor', 'at', 'data']).where('record_id', 'in', ids).orderBy('id').execute())
    .map((h) => ({ recordId: h.record_id, version: h.version, action: h.action, actor: h.actor, at: h.at.toISOString(), data: h.data }));
  return {
    record: presentRecord(r), items: items.map((i) => presentRecord(i)), fonds, scheme: { version: scheme.version, body: scheme.body },
    counterKeys: Object.fromEntries([r, ...items].map((x) => [x.id, x.counter_key])),
    category: { id: category.id, code: category.code, name: category.name, mode: category.mode, extraFields: category.extra_fields as unknown[] },
    files, events, history, ingestReport: await findIngestReport(db, r.id),
  };
}

/** The fingerprint the record has now, from the few columns it covers (cheap enough for a short transaction). */
export async function currentFingerprint(db: Conn, recordId: string): Promise<string | null> {
  const r = await db.selectFrom('records').select(['id', 'version', 'kind']).where('id', '=', recordId).executeTakeFirst();
  if (!r) return null;
  // fingerprint() reads only these fields; the items in seq_no order, as loadAipSource reads them.
  const items = r.kind === 'volume' ? await db.selectFrom('records').select(['id', 'version']).where('parent_id', '=', r.id).orderBy('seq_no').execute() : [];
  const files = await db.selectFrom('record_files').select(['id', 'role', 'sha256']).where('record_id', 'in', [r.id, ...items.map((i) => i.id)]).execute();
  return fingerprint({ record: r as never, items: items as never, files: files as never });
}
