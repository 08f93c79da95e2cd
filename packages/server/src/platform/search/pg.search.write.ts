import { sql } from 'kysely';
import type { Conn, Db } from '../db/database.ts';
import type { RebuildOptions, SearchDocument } from './search.port.ts';
import { sampleTags, VectorBuilder } from './text.tokens.ts';

/** File text kept for snippets, and the part of it that is indexed (tsvector positions end at 16,383). */
const CONTENT_STORED = 100_000;
const CONTENT_INDEXED = 12_000;

/** A stable random key per record (FNV-1a of the id): the same sample membership after every reindex. */
export function rndOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 1) % 2147483646;
}

/** The weighted vector: 题名 A, 主题词 B, 责任者/文号/档号 C, other metadata and file text D. */
export function buildVector(d: SearchDocument, rnd = rndOf(d.id)): string {
  const v = new VectorBuilder()
    .add(d.title, 'A', { pinyin: true })
    .add(d.subjects.join('　'), 'B', { pinyin: true })
    .add(d.responsible, 'C', { pinyin: true })
    .add(d.docNumber, 'C')
    .add(d.archivalCode, 'C')
    .add(d.other, 'D', { maxChars: 5000 })
    .add(d.content, 'D', { maxChars: CONTENT_INDEXED });
  for (const t of sampleTags(rnd)) v.tag(t);
  return v.toString();
}

function rowsJson(docs: SearchDocument[]): string {
  return JSON.stringify(docs.map((d) => {
    const rnd = rndOf(d.id);
    return {
      record_id: d.id, fonds_code: d.fondsCode, category_code: d.categoryCode, year: d.year, retention: d.retention, security: d.security,
      open_status: d.openStatus, status: d.status, archival_code: d.archivalCode, sort_date: d.docDate || `${d.year}0000`, title: d.title,
      responsible: d.responsible, doc_number: d.docNumber, doc_date: d.docDate, subjects: d.subjects, file_formats: d.fileFormats,
      rnd, tsv: buildVector(d, rnd), content: d.content.slice(0, CONTENT_STORED), change_seq: d.changeSeq ?? null,
    };
  }));
}

const COLS = sql`record_id, fonds_code, category_code, year, retention, security, open_status, status, archival_code, sort_date,
  title, responsible, doc_number, doc_date, subjects, file_formats, rnd, tsv, content`;
const RECORDSET = sql`x(record_id uuid, fonds_code text, category_code text, year int, retention text, security text, open_status text,
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

/**
 * Full rebuild into a new table while searches read the old one; then, with record writes paused for a
 * moment, rows that changed meanwhile (the triggers keep the old table's filter values current) are copied
 * over and marked stale, and the tables swap names.
 */
export async function rebuildTable(db: Db, source: AsyncIterable<SearchDocument[]>, opts: RebuildOptions): Promise<{ indexed: number }> {
  await sql`drop table if exists search_docs_new`.execute(db);
  await sql`create unlogged table search_docs_new (like search_docs including defaults including constraints)`.execute(db);
  let indexed = 0;
  // Pipelined: while PostgreSQL inserts one batch, this thread reads the next and segments it.
  let inserting: Promise<unknown> = Promise.resolve();
  for await (const batch of prefetch(source)) {
    if (!batch.length) continue;
    const json = rowsJson(batch);
    await inserting;
    inserting = sql`insert into search_docs_new (${COLS}, change_seq, stale_since)
      select ${COLS}, coalesce(x.change_seq, 0), null from json_to_recordset(${json}::json) as ${RECORDSET}
      on conflict do nothing`.execute(db).then(() => {
      indexed += batch.length;
      return opts.onProgress?.(indexed, opts.expected);
    });
    inserting.catch(() => undefined); // awaited (and rethrown) on the next round; not unhandled meanwhile
  }
  await inserting;
  await sql`alter table search_docs_new set logged`.execute(db);
  await sql`alter table search_docs_new add constraint search_docs_new_pkey primary key (record_id)`.execute(db);
  await sql`set maintenance_work_mem = '256MB'`.execute(db);
  await sql`create index search_docs_new_tsv_idx on search_docs_new using gin (tsv)`.execute(db);
  await sql`create index search_docs_new_stale_idx on search_docs_new (stale_since) where stale_since is not null`.execute(db);
  await sql`create index search_docs_new_code_idx on search_docs_new (archival_code, record_id)`.execute(db);
  await sql`create index search_docs_new_date_idx on search_docs_new (sort_date, record_id)`.execute(db);
  await sql`analyze search_docs_new`.execute(db);
  await db.transaction().execute(async (tx) => {
    await sql`lock table records, record_files in share row exclusive mode`.execute(tx);
    await sql`lock table search_docs in exclusive mode`.execute(tx);
    await sql`insert into search_docs_new as n select o.* from search_docs o left join search_docs_new x using (record_id)
      where x.record_id is null or x.change_seq <> o.change_seq
      on conflict (record_id) do update set fonds_code = excluded.fonds_code, category_code = excluded.category_code, year = excluded.year,
        retention = excluded.retention, security = excluded.security, open_status = excluded.open_status, status = excluded.status,
        archival_code = excluded.archival_code, sort_date = excluded.sort_date, title = excluded.title, responsible = excluded.responsible,
        doc_number = excluded.doc_number, doc_date = excluded.doc_date, subjects = excluded.subjects, file_formats = excluded.file_formats,
        change_seq = excluded.change_seq, changed_at = excluded.changed_at, stale_since = coalesce(excluded.stale_since, now())`.execute(tx);
    await sql`delete from search_docs_new n where not exists (select 1 from search_docs o where o.record_id = n.record_id)`.execute(tx);
    await sql`drop table search_docs`.execute(tx);
    await sql`alter table search_docs_new rename to search_docs`.execute(tx);
    for (const s of ['pkey', 'tsv_idx', 'stale_idx', 'code_idx', 'date_idx']) await sql`alter index ${sql.raw(`search_docs_new_${s}`)} rename to ${sql.raw(`search_docs_${s}`)}`.execute(tx);
  });
  return { indexed };
}

/** Asks the source for its next item while the caller works on the current one. */
async function* prefetch<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const r = await next;
    if (r.done) return;
    next = it.next();
    // A rejected prefetch is rethrown by the next await; keep it from counting as unhandled meanwhile.
    next.catch(() => undefined);
    yield r.value;
  }
}
