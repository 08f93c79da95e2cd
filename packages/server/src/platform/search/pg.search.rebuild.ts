import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { COLS, COPY_COLUMNS, RECORDSET } from './pg.search.write.ts';
import { SegmentPool, type RowFormat } from './segment.pool.ts';
import type { RebuildOptions, RebuildStages, SearchDocument } from './search.port.ts';

export interface RebuildConfig {
  /** When given, rows go in by COPY on a connection of their own; otherwise by json_to_recordset inserts. */
  databaseUrl?: string;
  /** Segmentation worker threads (default: one per CPU, at most 4; 0 = on this thread). */
  workers?: number;
  /** maintenance_work_mem for the index builds of this session. */
  maintenanceWorkMem?: string;
}

/**
 * Full rebuild into a new table while searches read the old one: documents are read in batches, segmented on
 * worker threads, and written (COPY) into a new table without indexes; then the GIN and btree indexes are built once, and with record writes paused for a moment, rows that changed meanwhile
 * (the triggers keep the old table's filter values current) are copied over and marked stale, and the names swap.
 * Reports the time of each stage (ms): read/segment/write are busy times summed inside the overlapped load.
 */
export async function rebuildTable(db: Db, source: AsyncIterable<SearchDocument[]>, opts: RebuildOptions, conf: RebuildConfig = {}): Promise<{ indexed: number; stages: RebuildStages }> {
  const t0 = performance.now();
  const s = await openSession(db, conf.databaseUrl);
  const pool = await SegmentPool.start(conf.workers);
  const stages: RebuildStages = { workers: pool.size, startMs: performance.now() - t0, loadMs: 0, readMs: 0, segmentMs: 0, writeMs: 0, indexMs: {}, analyzeMs: 0, swapMs: 0 };
  let indexed = 0;
  try {
    const x = s.db;
    await sql`drop table if exists search_docs_new`.execute(x);
    // Logged from the start: COPY writes the WAL as it goes, whereas SET LOGGED at the end rewrote the whole heap (137 s at 1M).
    await sql`create table search_docs_new (like search_docs including defaults including constraints)`.execute(x);
    const tLoad = performance.now();
    // Segmentation runs ahead on the workers; writes go one at a time in batch order (progress stays monotonic).
    const window: Promise<void>[] = [];
    const depth = Math.max(2, pool.size * 2);
    let writing: Promise<void> = Promise.resolve();
    const enqueue = (batch: SearchDocument[]) => {
      const rows = pool.run(batch, s.format);
      rows.catch(() => undefined); // rethrown through `writing`
      writing = writing.then(async () => {
        const text = await rows;
        const tw = performance.now();
        await s.write(text);
        stages.writeMs += performance.now() - tw;
        indexed += batch.length;
        await opts.onProgress?.(indexed, opts.expected);
      });
      writing.catch(() => undefined);
      window.push(writing);
    };
    const it = source[Symbol.asyncIterator]();
    for (;;) {
      const tr = performance.now();
      const r = await it.next();
      stages.readMs += performance.now() - tr;
      if (r.done) break;
      for (const batch of bySize(r.value)) {
        enqueue(batch);
        if (window.length >= depth) await window.shift();
      }
    }
    await writing;
    stages.loadMs = performance.now() - tLoad;
    stages.segmentMs = pool.busyMs;
    await pool.close();

    const timed = async (f: () => Promise<unknown>) => { const t = performance.now(); await f(); return performance.now() - t; };
    await sql`set maintenance_work_mem = ${sql.lit(conf.maintenanceWorkMem ?? '512MB')}`.execute(x);
    const idx: Record<string, () => Promise<unknown>> = {
      pkey: () => sql`alter table search_docs_new add constraint search_docs_new_pkey primary key (record_id)`.execute(x),
      tsv_idx: () => sql`create index search_docs_new_tsv_idx on search_docs_new using gin (tsv)`.execute(x),
      stale_idx: () => sql`create index search_docs_new_stale_idx on search_docs_new (stale_since) where stale_since is not null`.execute(x),
      code_idx: () => sql`create index search_docs_new_code_idx on search_docs_new (archival_code, record_id)`.execute(x),
      date_idx: () => sql`create index search_docs_new_date_idx on search_docs_new (sort_date, record_id)`.execute(x),
    };
    for (const [name, f] of Object.entries(idx)) stages.indexMs[name] = await timed(f);
    await sql`reset maintenance_work_mem`.execute(x);
    stages.analyzeMs = await timed(() => sql`analyze search_docs_new`.execute(x));
    stages.swapMs = await timed(() => swap(x, Object.keys(idx)));
    return { indexed, stages };
  } finally {
    await pool.close();
    await s.close();
  }
}

/** Splits a source batch so that one piece carries at most ~4 M characters of file text (bounded memory in flight). */
function* bySize(batch: SearchDocument[], maxChars = 4_000_000): Generator<SearchDocument[]> {
  let from = 0;
  let chars = 0;
  for (let i = 0; i < batch.length; i++) {
    chars += batch[i]!.content.length;
    if (chars > maxChars && i > from) {
      yield batch.slice(from, i);
      from = i;
      chars = batch[i]!.content.length;
    }
  }
  if (from < batch.length) yield batch.slice(from);
}

async function swap(x: Kysely<DB>, indexes: string[]) {
  await x.transaction().execute(async (tx) => {
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
    for (const s of indexes) await sql`alter index ${sql.raw(`search_docs_new_${s}`)} rename to ${sql.raw(`search_docs_${s}`)}`.execute(tx);
  });
}

type Session = { db: Kysely<DB>; format: RowFormat; write(rows: string): Promise<void>; close(): Promise<void> };

/** One connection for the whole rebuild (so session settings apply to the index builds): a raw client with COPY, or a pinned pool connection. */
async function openSession(db: Db, url: string | undefined): Promise<Session> {
  if (url) {
    const client = new pg.Client({ connectionString: url, application_name: 'lantai-search-rebuild' });
    await client.connect();
    client.on('error', () => {});
    const pool = { connect: async () => Object.assign(client, { release() {} }), end: async () => {} };
    const k = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as never }) });
    return {
      db: k, format: 'copy',
      write: (rows) => (rows ? copyIn(client, `copy search_docs_new (${COPY_COLUMNS}) from stdin`, Buffer.from(rows)) : Promise.resolve()),
      close: () => client.end().catch(() => undefined),
    };
  }
  // Pin one pool connection until close().
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const pinned = await new Promise<Kysely<DB>>((resolve, reject) => {
    db.connection().execute(async (c) => { resolve(c); await released; }).catch(reject);
  });
  return {
    db: pinned, format: 'json',
    write: async (rows) => {
      await sql`insert into search_docs_new (${COLS}, change_seq, stale_since)
        select ${COLS}, coalesce(x.change_seq, 0), null from json_to_recordset(${rows}::json) as ${RECORDSET}`.execute(pinned);
    },
    close: async () => release(),
  };
}

/** COPY … FROM STDIN over node-postgres: a submittable query that answers CopyInResponse with the whole payload. */
function copyIn(client: pg.Client, text: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const q = {
      submit(con: { query(t: string): void }) { con.query(text); },
      handleCopyInResponse(con: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) { con.sendCopyFromChunk(data); con.endCopyFrom(); },
      handleError(e: Error) { failed = true; reject(e); },
      handleReadyForQuery() { if (!failed) resolve(); },
      handleCommandComplete() {}, handleRowDescription() {}, handleDataRow() {}, handleEmptyQuery() {}, handlePortalSuspended() {}, handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}
