import type { Clearance } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { ImportJobPayload } from '../../platform/jobs/job-types.ts';
import { issue } from './import.messages.ts';
import { existingCodes, lockImport, openPass, RowFailure } from './import.pass.ts';
import { findImport, issueSink, setImport } from './import.repository.ts';

type Progress = (percent: number, message?: string) => Promise<void>;

/**
 * The dry run: reads every row, checks it, and records each problem with its row number. Rows with a kept
 * 档号 are also looked up in the database in batches. Nothing is written to the catalogue. It runs in one
 * transaction holding the import's lock, so a crash leaves no partial error list and the import can be
 * validated again at once. A row that cannot be read at all ends the pass (status failed) but the problems
 * found before it are kept.
 */
export async function runValidation(db: Db, dataDir: string, p: ImportJobPayload, progress: Progress) {
  let total = 0;
  let out: { skipped?: boolean; stop?: RowFailure; totalRows?: number };
  try {
    out = await db.transaction().execute(async (tx) => {
      await lockImport(tx, p.importId);
      const imp = await findImport(tx, p.importId);
      if (!imp || imp.status !== 'validating') return { skipped: true };
      await tx.deleteFrom('import_errors').where('import_id', '=', imp.id).execute();
      const sink = issueSink(tx, imp.id);
      let fraction = 0;
      let pending: { row: number; code: string; column: string | null }[] = [];
      const checkDb = async () => {
        const found = await existingCodes(tx, imp.fonds_id, pending.map((x) => x.code));
        for (const x of pending) if (found.has(x.code)) await sink.add(x.row, [issue('code_exists', x.column, 'archivalCode', x.code)]);
        pending = [];
      };
      const codeColumn = Object.entries(imp.mapping ?? {}).find(([, t]) => t === 'archivalCode')?.[0] ?? null;
      let stop: RowFailure | undefined;
      try {
        const pass = await openPass(tx, dataDir, imp, p.securities as Clearance[]);
        for await (const { row, result } of pass.rows((f) => { fraction = f; })) {
          total++;
          if (result.issues.length) await sink.add(row, result.issues);
          if (result.code && result.seqNo !== undefined) pending.push({ row, code: result.code, column: codeColumn });
          if (pending.length >= 1000) await checkDb();
          if (total % 5000 === 0) await progress(fraction * 100, `${total}`);
        }
      } catch (e) {
        if (!(e instanceof RowFailure)) throw e;
        stop = e;
      }
      await checkDb();
      if (stop) await sink.add(stop.row, [stop.issue]);
      else if (total === 0) await sink.add(1, [issue('no_rows', null, null, '')]);
      await sink.flush();
      const counts = sink.counts();
      const failure = stop ? JSON.stringify({ ...stop.issue, row: stop.row }) : null;
      await setImport(tx, imp.id, { status: stop ? 'failed' : 'validated', total_rows: total, ...counts, failure });
      return { totalRows: total, ...counts, stop };
    });
  } catch (e) {
    // Anything else (the database, the disk) rolled the pass back: say so on the import, then fail the job.
    const failure = { ...issue('row_unreadable', null, null, `internal error / 内部错误: ${(e as Error).message}`.slice(0, 200)), row: 0 };
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('import_errors').where('import_id', '=', p.importId).execute();
      const sink = issueSink(tx, p.importId);
      await sink.add(0, [failure]);
      await sink.flush();
      await setImport(tx, p.importId, { status: 'failed', total_rows: total, ...sink.counts(), failure: JSON.stringify(failure) });
    });
    throw e;
  }
  if (out.stop) throw new Error(`第 ${out.stop.row} 行：${out.stop.issue.zh} / row ${out.stop.row}: ${out.stop.issue.en}`);
  const { stop: _s, ...result } = out;
  return result;
}
