import { sql } from 'kysely';
import type { Clearance } from '@lantai/api';
import type { Db, Tx } from '../../platform/db/database.ts';
import type { ImportJobPayload } from '../../platform/jobs/job-types.ts';
import { appendAudit } from '../audit/index.ts';
import { codeFor } from '../catalogue/record.numbering.ts';
import { issue } from './import.messages.ts';
import { withDedicatedConnection } from './import.copy.ts';
import { analyzeIfStale, encodeBatch, failedRow, insertBatch, replicaCopy, type EncodedBatch, type InsertConstants, type NewRecord } from './import.insert.ts';
import { existingCodes, lockImport, openPass, RowFailure } from './import.pass.ts';
import { findImport, setImport } from './import.repository.ts';

// Rows per COPY statement. Each statement fires the statement-level triggers on records once (record_class_counts,
// search_docs); record_class_counts rows are updated once per statement and, inside one long transaction, every
// update leaves a dead version that the next upsert of that class walks past. With 1,000-row batches a 1M-row
// import made 1,000 versions per class and the commit grew quadratic (221 µs/row of PostgreSQL CPU at the start,
// 656 µs/row at 550k rows). 10,000 rows: 100 statements, a few MB of COPY text per batch.
const BATCH = 10_000;
type Progress = (percent: number, message?: string) => Promise<void>;

/** Locks a class counter for the rest of the transaction and returns its last number (creating it at 0). */
async function lockCounter(tx: Tx, key: string): Promise<number> {
  await sql`insert into item_counters (counter_key, last_no) values (${key}, 0) on conflict (counter_key) do nothing`.execute(tx);
  const r = await sql<{ last_no: number }>`select last_no from item_counters where counter_key = ${key} for update`.execute(tx);
  return r.rows[0]!.last_no;
}

/**
 * All or nothing: one transaction re-reads and re-checks every row, numbers the rows per class in file order
 * (each class counter is locked once, advanced locally and written back once), inserts records and their
 * first version in COPY batches on a connection of its own, audits the import once and marks it committed. Any bad row, a
 * database refusal or a crash rolls everything back, counters included.
 */
export async function runCommit(db: Db, databaseUrl: string, dataDir: string, p: ImportJobPayload, progress: Progress) {
  const first = await findImport(db, p.importId);
  if (!first || first.status !== 'committing') return { skipped: true };
  try {
    const out = await withDedicatedConnection(databaseUrl, (own, client) => own.transaction().execute(async (tx) => {
      await lockImport(tx, first.id);
      const imp = await findImport(tx, first.id);
      if (imp?.status !== 'committing') return { skipped: true };
      // One import at a time per 门类, so two imports never interleave their numbers.
      await sql`select pg_advisory_xact_lock(hashtext(${`import-category:${imp.category_id}`}))`.execute(tx);
      const pass = await openPass(tx, dataDir, imp, p.securities as Clearance[]);
      const k: InsertConstants = { fondsId: imp.fonds_id, categoryId: imp.category_id, schemeId: pass.scheme.id, kind: pass.category.mode, actor: p.actor.name, at: new Date() };
      // The foreign keys checked once for the whole import, when the session may (import.insert.ts).
      k.replica = await replicaCopy(client, k).catch((e: Error & { detail?: string }) => { throw new RowFailure(1, issue('db_rejected', null, null, e.detail ?? e.message)); });
      const counters = new Map<string, { last: number; next: number }>();
      let batch: NewRecord[] = [];
      let n = 0, firstCode = '', lastCode = '';
      // Inserts overlap with reading the next rows (PostgreSQL works while Node parses); one batch in flight at a time.
      let inflight: Promise<void> = Promise.resolve();
      let failed: unknown;
      let firstBatch = true;
      const send = async (e: EncodedBatch) => {
        const b = e.rows;
        if (imp.keep_codes) {
          const found = await existingCodes(tx, imp.fonds_id, b.map((x) => x.code));
          const dup = b.find((x) => found.has(x.code));
          if (dup) throw new RowFailure(dup.row, issue('code_exists', null, 'archivalCode', dup.code));
        }
        const before = firstBatch ? async () => { await analyzeIfStale(client, b.length); } : undefined;
        firstBatch = false;
        await insertBatch(client, k, e, before).catch((err: Error & { detail?: string }) => {
          const hit = failedRow(err, b);
          throw new RowFailure(hit.row, /records_code_uq|records_counter_uq/.test(err.message) ? issue('code_exists', null, 'archivalCode', hit.code)
            : issue('db_rejected', null, null, err.detail ?? err.message));
        });
      };
      const flush = async () => {
        // The COPY text is built before waiting, so PostgreSQL does not sit idle while Node builds it.
        const e = encodeBatch(k, batch);
        batch = [];
        await inflight;
        if (failed) throw failed;
        inflight = send(e).catch((err: unknown) => { failed = err; });
        await progress(imp.total_rows ? (n / imp.total_rows) * 100 : 50, `${n}/${imp.total_rows}`);
      };
      for await (const { row, result } of pass.rows()) {
        const bad = result.issues.find((i) => i.severity === 'error');
        if (bad) throw new RowFailure(row, bad);
        const key = result.counterKey!;
        let c = counters.get(key);
        if (!c) { const last = await lockCounter(tx, key); c = { last, next: last }; counters.set(key, c); }
        let seqNo: number, code: string;
        if (imp.keep_codes) { seqNo = result.seqNo!; code = result.code!; c.next = Math.max(c.next, seqNo); }
        else { seqNo = ++c.next; code = codeFor(pass.target, result.prefix!, seqNo); }
        batch.push({ row, fields: result.fields!, counterKey: key, seqNo, code });
        n++;
        if (!firstCode) firstCode = code;
        lastCode = code;
        if (batch.length >= BATCH) await flush();
      }
      if (batch.length) await flush();
      await inflight;
      if (failed) throw failed;
      if (n === 0) throw new RowFailure(1, issue('no_rows', null, null, ''));
      for (const [key, c] of counters) if (c.next !== c.last) await tx.updateTable('item_counters').set({ last_no: c.next }).where('counter_key', '=', key).execute();
      const classes = [...counters].slice(0, 200).map(([key, c]) => ({ class: key.slice(imp.category_id.length + 1), from: c.last + 1, to: c.next }));
      await appendAudit(tx, {
        actorId: p.actor.id, actorName: p.actor.name, actorRoles: p.actor.roles, action: 'record.import', outcome: 'success', targetType: 'category',
        targetId: imp.category_id, requestId: p.requestId, ip: p.ip,
        detail: { importId: imp.id, filename: imp.filename, rows: n, keepCodes: imp.keep_codes, firstCode, lastCode, classes },
      });
      await setImport(tx, imp.id, { status: 'committed', committed_rows: n, failure: null });
      return { committedRows: n, firstCode, lastCode };
    }));
    return out;
  } catch (e) {
    const failure = e instanceof RowFailure ? { ...e.issue, row: e.row } : { ...issue('db_rejected', null, null, (e as Error).message), row: 0 };
    const last = await db.selectFrom('import_errors').select((eb) => eb.fn.max('seq').as('m')).where('import_id', '=', first.id).executeTakeFirst();
    await db.insertInto('import_errors').values({
      import_id: first.id, seq: Number(last?.m ?? 0) + 1, row_no: failure.row, col: failure.column, field: failure.field, code: failure.code,
      severity: 'error', message_zh: failure.zh, message_en: failure.en, value: failure.value,
    }).execute().catch(() => undefined);
    await setImport(db, first.id, { status: 'failed', failure: JSON.stringify(failure) });
    throw e instanceof RowFailure ? new Error(`第 ${failure.row} 行：${failure.zh} / row ${failure.row}: ${failure.en}`) : e;
  }
}
