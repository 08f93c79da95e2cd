import { sql } from 'kysely';
import type { ArchivalRecord } from '@lantai/api';
import type { Conn } from '../../platform/db/database.ts';
import { DomainError } from '../../http/errors.ts';
import type { AipEvent, AipFile, AipSource } from './aip.source.ts';

/** data/metadata/lantai-record.json as the builder writes it. */
export interface LantaiRecordJson extends Omit<AipSource, 'ingestReport'> {
  format: 'lantai-aip-record';
  formatVersion: number;
  aipVersion: number;
  lantaiVersion: string;
  files: (AipFile & { path: string })[];
}

const exists = () => new DomainError('aip_record_exists', 409);

async function findOrCreateFonds(tx: Conn, f: LantaiRecordJson['fonds']) {
  const have = await tx.selectFrom('fonds').select('id').where('code', '=', f.code).executeTakeFirst();
  if (have) return have.id;
  return (await tx.insertInto('fonds').values({ code: f.code, name: f.name, agency: f.agency } as never).returning('id').executeTakeFirstOrThrow()).id;
}

async function findOrCreateCategory(tx: Conn, fondsId: string, c: LantaiRecordJson['category']) {
  const have = await tx.selectFrom('categories').select('id').where('fonds_id', '=', fondsId).where('code', '=', c.code).executeTakeFirst();
  if (have) return have.id;
  const free = !(await tx.selectFrom('categories').select('id').where('id', '=', c.id).executeTakeFirst());
  return (await tx.insertInto('categories').values({ ...(free ? { id: c.id } : {}), fonds_id: fondsId, code: c.code, name: c.name, mode: c.mode as 'item', extra_fields: JSON.stringify(c.extraFields) })
    .returning('id').executeTakeFirstOrThrow()).id;
}

/** The scheme version the records were numbered under: the target's own if it has that version, else added (approved only if the 门类 has none). */
async function findOrCreateScheme(tx: Conn, categoryId: string, s: LantaiRecordJson['scheme'], by: string) {
  const have = await tx.selectFrom('schemes').select('id').where('category_id', '=', categoryId).where('version', '=', s.version).executeTakeFirst();
  if (have) return have.id;
  const approved = await tx.selectFrom('schemes').select('id').where('category_id', '=', categoryId).where('status', '=', 'approved').executeTakeFirst();
  return (await tx.insertInto('schemes').values({ category_id: categoryId, version: s.version, status: approved ? 'retired' : 'approved', body: JSON.stringify(s.body),
    note: 'imported with an AIP', created_by: by, approved_by: by, approved_at: new Date() }).returning('id').executeTakeFirstOrThrow()).id;
}

const columns = (r: ArchivalRecord, ids: { fonds: string; category: string; scheme: string }, counterKey: string) => ({
  id: r.id, fonds_id: ids.fonds, category_id: ids.category, scheme_id: ids.scheme, kind: r.kind, parent_id: r.parentId, status: r.status, archival_code: r.archivalCode,
  counter_key: counterKey, seq_no: r.seqNo, title: r.title, responsible: r.responsible, doc_number: r.docNumber, doc_date: r.docDate, year: r.year, retention: r.retention,
  org_code: r.orgCode, catalogue_no: r.catalogueNo, security: r.security, secrecy_period: r.secrecyPeriod, pages: r.pages, open_status: r.openStatus, remarks: r.remarks,
  subjects: r.subjects, scope_code: r.scopeCode, extra: JSON.stringify(r.extra ?? {}), version: r.version, created_by: r.createdBy, created_at: r.createdAt,
  updated_at: r.updatedAt, archived_at: r.archivedAt,
});

/**
 * Inserts the package's rows with their original ids: records (卷 first, then its 件), history, files,
 * preservation copies and events. Refuses (409) when any record id or 档号 is already here. Counter keys
 * that name the source 门类 are moved to this archive's 门类, and each class counter is raised to the
 * highest number now in use, so new records never take an imported number.
 */
export async function insertPackage(tx: Conn, pkg: LantaiRecordJson) {
  const fonds = await findOrCreateFonds(tx, pkg.fonds);
  const category = await findOrCreateCategory(tx, fonds, pkg.category);
  const scheme = await findOrCreateScheme(tx, category, pkg.scheme, 'aip-import');
  const recs = [pkg.record, ...pkg.items];
  const clash = await tx.selectFrom('records').select('id').where((eb) => eb.or([eb('id', 'in', recs.map((r) => r.id)),
    eb.and([eb('fonds_id', '=', fonds), eb('archival_code', 'in', recs.map((r) => r.archivalCode))])])).limit(1).executeTakeFirst();
  if (clash) throw exists();
  const keys = new Set<string>();
  for (const r of recs) {
    const raw = pkg.counterKeys[r.id] ?? `${category}:${r.archivalCode}`;
    const key = raw.startsWith(`${pkg.category.id}:`) ? `${category}:${raw.slice(pkg.category.id.length + 1)}` : raw;
    keys.add(key);
    await tx.insertInto('records').values(columns(r, { fonds, category, scheme }, key) as never).execute().catch((e: Error) => {
      if (/records_(code|counter)_uq/.test(e.message)) throw exists();
      throw e;
    });
  }
  for (const key of keys) {
    await sql`insert into item_counters (counter_key, last_no) values (${key}, coalesce((select max(seq_no) from records where counter_key = ${key}), 0))
      on conflict (counter_key) do update set last_no = greatest(item_counters.last_no, excluded.last_no)`.execute(tx);
  }
  for (const h of pkg.history) {
    await tx.insertInto('record_versions').values({ record_id: h.recordId, version: h.version, action: h.action, actor: h.actor, at: h.at, data: JSON.stringify(h.data) } as never).execute();
  }
  for (const f of pkg.files) {
    await tx.insertInto('record_files').values({ id: f.id, record_id: f.recordId, role: f.role, filename: f.filename, mime: f.mime, size: f.size, sha256: f.sha256, sm3: f.sm3,
      created_by: f.createdBy ?? 'aip-import', created_at: f.createdAt } as never).execute();
  }
  for (const f of pkg.files.filter((x) => x.derivedFrom)) {
    const d = f.derivedFrom!;
    await tx.insertInto('preservation_copies').values({ source_file_id: d.fileId, copy_file_id: f.id, outcome: 'pass', target_format: d.targetFormat, tool: d.tool, tool_version: d.toolVersion,
      detail: JSON.stringify({ imported: true }) }).execute();
  }
  await copyEvents(tx, pkg.events ?? []);
}

async function copyEvents(tx: Conn, events: AipEvent[]) {
  // Events are append-only (rules forbid UPDATE, so no ON CONFLICT): skip those already here, e.g. about bytes another record shares.
  const have = events.length ? new Set((await tx.selectFrom('preservation_events').select('id').where('id', 'in', events.map((e) => e.id)).execute()).map((e) => e.id)) : new Set();
  for (const e of events.filter((x) => !have.has(x.id))) {
    await tx.insertInto('preservation_events').values({ id: e.id, event_type: e.type, event_at: e.at, object_sha256: e.objectSha256, record_id: e.recordId, outcome: e.outcome as 'pass',
      detail: e.detail, outcome_detail: JSON.stringify(e.outcomeDetail), agent_type: e.agent.type as 'software', agent_name: e.agent.name, agent_version: e.agent.version } as never).execute();
  }
}
