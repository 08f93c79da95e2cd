import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { PortalRecord } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';

/** A record page ready to send: its JSON text and a strong ETag of it. */
export interface PublicAnswer { json: string; etag: string }

const kindOf = (mime: string) => (mime === 'application/pdf' ? 'pdf' as const : 'image' as const);
export const answerOf = (value: unknown): PublicAnswer => {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
};

type Row = {
  record_id: string; archival_code: string; title: string; year: number; doc_date: string; fonds_code: string; fonds_name: string; category_name: string;
  redacted: boolean; responsible: string; doc_number: string; pages: number | null; published_at: Date; file_ids: string[];
};
type FileRow = { record_id: string; id: string; filename: string; mime: string };

function present(r: Row, files: FileRow[]): z.infer<typeof PortalRecord> {
  return {
    id: r.record_id, archivalCode: r.archival_code, title: r.title, year: r.year, docDate: r.doc_date, fondsCode: r.fonds_code, fondsName: r.fonds_name,
    categoryName: r.category_name, redacted: r.redacted, fileCount: files.length, responsible: r.responsible, docNumber: r.doc_number, pages: r.pages,
    publishedAt: r.published_at.toISOString(), files: files.map((f) => ({ id: f.id, filename: f.filename, mime: f.mime, kind: kindOf(f.mime) })),
  };
}

interface Snapshot { map: Map<string, PublicAnswer>; complete: boolean; signature: string }

/**
 * The record pages of the whole published catalogue (portal_records), held in memory as ready JSON: it changes only
 * when a publication commits, so the first request loads it all in two statements (in-flight shared), and every
 * later page is a map lookup. A publication in this process calls `reload()`; other API processes notice the
 * change through a cheap signature (row count + last publication time) checked at most every `checkMs`, in the
 * background (they serve the previous snapshot meanwhile). About 1 KB a record (CJK JSON): above `capacity` published
 * records the snapshot holds the most recently published ones and `complete` is false, and the caller falls back to
 * a per-id read for the rest.
 */
export function createRecordSnapshot(db: Db, { capacity = 50_000, checkMs = 5_000 } = {}) {
  let current: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;
  let checkedAt = 0;
  let checking = false;
  let generation = 0;

  async function signature(): Promise<string> {
    const r = await sql<{ n: string; at: Date | null }>`select count(*) as n, max(published_at) as at from portal_records`.execute(db);
    return `${r.rows[0]!.n}:${r.rows[0]!.at?.toISOString() ?? ''}`;
  }

  async function build(): Promise<Snapshot> {
    const sig = await signature();
    const rows = await db.selectFrom('portal_records').select(['record_id', 'archival_code', 'title', 'year', 'doc_date', 'fonds_code', 'fonds_name',
      'category_name', 'redacted', 'responsible', 'doc_number', 'pages', 'published_at', 'file_ids']).orderBy('published_at', 'desc').limit(capacity + 1).execute();
    const complete = rows.length <= capacity;
    const kept = rows.slice(0, capacity);
    const files = await filesOf(kept.filter((r) => r.file_ids.length).map((r) => r.record_id));
    const map = new Map<string, PublicAnswer>();
    for (const r of kept) map.set(r.record_id, answerOf(present(r, files.get(r.record_id) ?? [])));
    checkedAt = Date.now();
    return { map, complete, signature: sig };
  }

  /** Published files of these records, in upload order (only ids listed in portal_records.file_ids). */
  async function filesOf(ids: string[]): Promise<Map<string, FileRow[]>> {
    const out = new Map<string, FileRow[]>();
    for (let i = 0; i < ids.length; i += 5_000) {
      const rows = await db.selectFrom('record_files as rf').innerJoin('portal_records as p', 'p.record_id', 'rf.record_id')
        .select(['rf.record_id', 'rf.id', 'rf.filename', 'rf.mime']).where('rf.record_id', 'in', ids.slice(i, i + 5_000))
        .where(sql<boolean>`rf.id = any(p.file_ids)`).orderBy('rf.created_at').execute();
      for (const f of rows) out.set(f.record_id, [...(out.get(f.record_id) ?? []), f]);
    }
    return out;
  }

  function load(): Promise<Snapshot> {
    if (!loading) {
      const g = generation;
      const p: Promise<Snapshot> = build().then((s) => { if (g === generation) current = s; return s; })
        .finally(() => { if (loading === p) loading = null; });
      loading = p;
    }
    return loading;
  }

  /** Background staleness check: another process may have published. */
  function maybeCheck() {
    if (checking || Date.now() - checkedAt < checkMs) return;
    checking = true;
    checkedAt = Date.now();
    signature().then((sig) => (current && sig !== current.signature ? load() : undefined)).catch(() => undefined).finally(() => { checking = false; });
  }

  return {
    /** The snapshot (loading it on first use); `get` is a map lookup. */
    async snapshot(): Promise<Snapshot> {
      if (!current) return load();
      maybeCheck();
      return current;
    },
    /** After a publication in this process: the next request waits for the new snapshot. */
    reload() {
      generation++;
      current = null;
      loading = null; // a load begun before the publication committed must not become the snapshot
      void load().catch(() => undefined);
    },
    /** One record read from the database (beyond capacity). */
    async one(id: string): Promise<PublicAnswer | null> {
      const r = await db.selectFrom('portal_records').select(['record_id', 'archival_code', 'title', 'year', 'doc_date', 'fonds_code', 'fonds_name',
        'category_name', 'redacted', 'responsible', 'doc_number', 'pages', 'published_at', 'file_ids']).where('record_id', '=', id).executeTakeFirst();
      if (!r) return null;
      return answerOf(present(r, (await filesOf([r.record_id])).get(r.record_id) ?? []));
    },
  };
}
export type RecordSnapshot = ReturnType<typeof createRecordSnapshot>;
