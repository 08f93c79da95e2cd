import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { SearchDocument } from '../../platform/search/search.port.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { extractorFor, extractText } from './file-text.ts';

/** Text of all of a record's files that goes into the index (the rest is cut off). */
const CONTENT_PER_RECORD = 100_000;

type RecordRow = {
  id: string; fonds_code: string; category_code: string; archival_code: string; title: string; subjects: string[]; responsible: string;
  doc_number: string; doc_date: string; year: number; retention: SearchDocument['retention']; security: SearchDocument['security'];
  open_status: SearchDocument['openStatus']; status: SearchDocument['status']; other: string; change_seq: number | null;
};

/**
 * The index documents of the records `picked` (a query over records). They are picked first and materialized: joined
 * directly, `left join search_docs … order by r.id limit n` became a merge join that read search_docs from its start
 * for every batch (quadratic over a full rebuild: 1,600 records/s and falling at 300k of 1M).
 */
const select = (picked: RawBuilder<unknown>) => sql`with r as materialized (${picked})
  select r.id, f.code fonds_code, c.code category_code, r.archival_code, r.title, r.subjects, r.responsible, r.doc_number,
    r.doc_date, r.year, r.retention, r.security, r.open_status, r.status,
    concat_ws(' ', f.name, c.name, r.org_code, r.remarks, r.secrecy_period, r.scope_code,
      (select string_agg(v.value, ' ') from jsonb_each_text(r.extra) v)) as other,
    (select s.change_seq::float8 from search_docs s where s.record_id = r.id) as change_seq
  from r join fonds f on f.id = r.fonds_id join categories c on c.id = r.category_id
  order by r.id`;

/** Builds index documents from the catalogue (and cached or freshly extracted file text). */
export function createDocumentSource(db: Db, storage: ObjectStorage) {
  async function fileTexts(ids: string[]): Promise<Map<string, { text: string; formats: string[] }>> {
    const out = new Map<string, { text: string; formats: string[] }>();
    if (!ids.length) return out;
    const files = await sql<{ record_id: string; filename: string; mime: string; sha256: string; text: string | null }>`
      select f.record_id, f.filename, f.mime, f.sha256, t.text from record_files f left join record_file_texts t on t.sha256 = f.sha256
      where f.record_id = any(${ids}::uuid[]) order by f.created_at`.execute(db);
    for (const f of files.rows) {
      let text = f.text;
      const kind = extractorFor(f.filename, f.mime);
      if (text === null && kind) {
        const bytes = await readObject(storage, f.sha256);
        const ex = bytes ? await extractText(bytes, kind) : { method: 'failed' as const, text: '' };
        await sql`insert into record_file_texts (sha256, method, text) values (${f.sha256}, ${ex.method}, ${ex.text}) on conflict do nothing`.execute(db);
        text = ex.text;
      }
      const e = out.get(f.record_id) ?? { text: '', formats: [] };
      const ext = /\.([A-Za-z0-9]{1,10})$/.exec(f.filename)?.[1]?.toLowerCase();
      if (ext && !e.formats.includes(ext)) e.formats.push(ext);
      if (text && e.text.length < CONTENT_PER_RECORD) e.text = (e.text ? `${e.text}\n` : '') + text.slice(0, CONTENT_PER_RECORD - e.text.length);
      out.set(f.record_id, e);
    }
    return out;
  }

  async function toDocs(rows: RecordRow[]): Promise<SearchDocument[]> {
    const texts = await fileTexts(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id, fondsCode: r.fonds_code, categoryCode: r.category_code, archivalCode: r.archival_code, title: r.title, subjects: r.subjects,
      responsible: r.responsible, docNumber: r.doc_number, docDate: r.doc_date, year: r.year, retention: r.retention, security: r.security,
      openStatus: r.open_status, status: r.status, other: r.other ?? '', content: texts.get(r.id)?.text ?? '',
      fileFormats: texts.get(r.id)?.formats ?? [], ...(r.change_seq === null ? {} : { changeSeq: r.change_seq }),
    }));
  }

  return {
    /** The documents of these records now (records that no longer exist are left out). */
    async load(ids: string[]): Promise<SearchDocument[]> {
      if (!ids.length) return [];
      const rows = await sql<RecordRow>`${select(sql`select * from records where id = any(${ids}::uuid[])`)}`.execute(db);
      return toDocs(rows.rows);
    },
    /** Every record, in batches by id (for a full rebuild). */
    async *all(batch = 1000): AsyncGenerator<SearchDocument[]> {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await sql<RecordRow>`${select(sql`select * from records where id > ${after}::uuid order by id limit ${batch}`)}`.execute(db);
        if (!rows.rows.length) return;
        after = rows.rows[rows.rows.length - 1]!.id;
        yield await toDocs(rows.rows);
      }
    },
    async count(): Promise<number> {
      const r = await sql<{ n: number }>`select count(*)::int n from records`.execute(db);
      return r.rows[0]!.n;
    },
  };
}
export type DocumentSource = ReturnType<typeof createDocumentSource>;

async function readObject(storage: ObjectStorage, sha256: string): Promise<Buffer | null> {
  try {
    const head = await storage.head(sha256);
    if (!head || head.size > 256 * 1024 * 1024) return null; // larger files wait for a streaming extractor
    const parts: Buffer[] = [];
    for await (const c of await storage.get(sha256, { verify: true })) parts.push(c as Buffer);
    return Buffer.concat(parts);
  } catch {
    return null;
  }
}
