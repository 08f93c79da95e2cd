import { sql } from 'kysely';
import type { Conn } from '../db/database.ts';
import type { SearchDocument } from './search.port.ts';
import { sampleTags, scopeTags, VectorBuilder } from './text.tokens.ts';

/** File text kept for snippets, and the part of it that is indexed (tsvector positions end at 16,383). */
const CONTENT_STORED = 100_000;
const CONTENT_INDEXED = 12_000;

/** A stable random key per record (FNV-1a of the id): the same sample membership after every reindex. */
export function rndOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 1) % 2147483646;
}

/** The weighted vector: 题名 A, 主题词 B, 责任者/文号/档号 C, other metadata and file text D; suffix tags of the four fields the record table's q filter matches. */
export function buildVector(d: SearchDocument, rnd = rndOf(d.id)): string {
  const v = new VectorBuilder()
    .add(d.title, 'A', { pinyin: true, suffixes: true })
    .add(d.subjects.join('　'), 'B', { pinyin: true })
    .add(d.responsible, 'C', { pinyin: true, suffixes: true })
    .add(d.docNumber, 'C', { suffixes: true })
    .add(d.archivalCode, 'C', { suffixes: true })
    .add(d.other, 'D', { maxChars: 5000 })
    .add(d.content, 'D', { maxChars: CONTENT_INDEXED });
  for (const t of sampleTags(rnd)) v.tag(t);
  for (const t of scopeTags(rnd, d.fondsCode, isPublic(d))) v.tag(t);
  return v.toString();
}

export /** What the public scope may see (pg.search.sql.ts scopeSql 'public'). */
const isPublic = (d: SearchDocument) => d.openStatus === 'open' && d.security === 'public' && d.status === 'archived';

export function rowsJson(docs: SearchDocument[]): string {
  return JSON.stringify(docs.map((d) => {
    const rnd = rndOf(d.id);
    return {
      record_id: d.id, fonds_code: d.fondsCode, category_code: d.categoryCode, year: d.year, retention: d.retention, security: d.security,
      open_status: d.openStatus, status: d.status, archival_code: d.archivalCode, sort_date: d.docDate || `${d.year}0000`, title: d.title,
      responsible: d.responsible, doc_number: d.docNumber, doc_date: d.docDate, subjects: d.subjects, file_formats: d.fileFormats,
      rnd, tsv: buildVector(d, rnd), content: d.content.slice(0, CONTENT_STORED), change_seq: d.changeSeq ?? null,
    };
  }), noNul);
}
/** PostgreSQL text cannot hold NUL (extracted file text sometimes has it): dropped, as COPY rows drop it too. */
const noNul = (_k: string, v: unknown) => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '') : v);

/** The columns of `copyRows`, in order, for `COPY search_docs_new (…) FROM STDIN`. */
export const COPY_COLUMNS = 'record_id, fonds_code, category_code, year, retention, security, open_status, status, archival_code, sort_date, ' +
  'title, responsible, doc_number, doc_date, subjects, file_formats, rnd, tsv, content, change_seq, stale_since';

/** Index rows in COPY text format (segmentation happens here: this is what the rebuild's worker threads run). */
export function copyRows(docs: SearchDocument[]): string {
  let out = '';
  for (const d of docs) {
    const rnd = rndOf(d.id);
    out += [d.id, d.fondsCode, d.categoryCode, d.year, d.retention, d.security, d.openStatus, d.status, d.archivalCode, d.docDate || `${d.year}0000`,
      d.title, d.responsible, d.docNumber, d.docDate, arrayLiteral(d.subjects), arrayLiteral(d.fileFormats), rnd, buildVector(d, rnd),
      d.content.slice(0, CONTENT_STORED), d.changeSeq ?? 0].map(copyValue).join('\t') + '\t\\N\n';
  }
  return out;
}

/** One value in COPY's text format, with backslash, tab, newline and carriage return escaped. */
function copyValue(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : v.includes('\0') ? v.replaceAll('\0', '') : v;
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : s;
}
const arrayLiteral = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

export const COLS = sql`record_id, fonds_code, category_code, year, retention, security, open_status, status, archival_code, sort_date,
  title, responsible, doc_number, doc_date, subjects, file_formats, rnd, tsv, content`;
export const RECORDSET = sql`x(record_id uuid, fonds_code text, category_code text, year int, retention text, security text, open_status text,
  status text, archival_code text, sort_date text, title text, responsible text, doc_number text, doc_date text, subjects text[],
  file_formats text[], rnd int, tsv tsvector, content text, change_seq bigint)`;

/**
 * Writes index rows. Without changeSeq the row is replaced and marked current. With it (the indexer),
 * nothing is written when the record changed again since it was read: the row stays stale for the next round.
 */
export async function upsertRows(conn: Conn, table: string, docs: SearchDocument[]): Promise<void> {
  if (!docs.length) return;
  await sql`
    insert into ${sql.table(table)} as s (${COLS}, change_seq, stale_since)
    select ${COLS}, coalesce(x.change_seq, 1), null from json_to_recordset(${rowsJson(docs)}::json) as ${RECORDSET}
    on conflict (record_id) do update set fonds_code = excluded.fonds_code, category_code = excluded.category_code, year = excluded.year,
      retention = excluded.retention, security = excluded.security, open_status = excluded.open_status, status = excluded.status,
      archival_code = excluded.archival_code, sort_date = excluded.sort_date, title = excluded.title, responsible = excluded.responsible,
      doc_number = excluded.doc_number, doc_date = excluded.doc_date, subjects = excluded.subjects, file_formats = excluded.file_formats,
      rnd = excluded.rnd, tsv = excluded.tsv, content = excluded.content, stale_since = null, changed_at = now()
    where ${docs[0]!.changeSeq === undefined ? sql`true` : sql`s.change_seq = excluded.change_seq`}`.execute(conn);
}
