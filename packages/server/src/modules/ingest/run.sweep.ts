import fs from 'node:fs/promises';
import type { Conn, Db } from '../../platform/db/database.ts';
import { runWorkDir } from './ingest.paths.ts';

/** pg-boss's default expiry of an active job (expireInSeconds 900, retryLimit 0 in platform/jobs): past it the job is dead. */
export const RUN_STALE_AFTER_MS = 15 * 60_000;
export const STALE_RUN_FAILURE = '检查进程在运行中中断（被终止或崩溃），请重新发起检查 / the check worker stopped (killed or crashed) before the run ended; start the check again';

/**
 * Ends check runs whose worker died (kill -9, OOM, host restart): a run still `running` whose job has been
 * active longer than the job expiry becomes `failed` with a clear reason, its work folder removed, its job
 * marked failed, and onEnded (e.g. the 移交单 moving on) called in the same transaction. No records are
 * ever written by a check run, so nothing else needs undoing. Returns the ids it ended.
 */
export async function sweepStaleRuns(d: { db: Db; dataDir: string; onEnded?: (tx: Conn, runId: string) => Promise<void> }, staleAfterMs = RUN_STALE_AFTER_MS): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleAfterMs);
  const stale = await d.db.selectFrom('ingest_runs').innerJoin('job_runs', 'job_runs.id', 'ingest_runs.job_id')
    .select(['ingest_runs.id', 'ingest_runs.job_id']).where('ingest_runs.status', '=', 'running')
    .where('job_runs.state', '=', 'active').where('job_runs.started_at', '<', cutoff).execute();
  const ended: string[] = [];
  for (const r of stale) {
    const done = await d.db.transaction().execute(async (tx) => {
      const cur = await tx.selectFrom('ingest_runs').select('status').where('id', '=', r.id).forUpdate().executeTakeFirstOrThrow();
      if (cur.status !== 'running') return false;
      await tx.updateTable('ingest_runs').set({ status: 'failed', failure: STALE_RUN_FAILURE, updated_at: new Date() }).where('id', '=', r.id).execute();
      await tx.updateTable('job_runs').set({ state: 'failed', completed_at: new Date(), message: STALE_RUN_FAILURE.slice(0, 1000) })
        .where('id', '=', r.job_id!).where('state', '=', 'active').execute();
      await d.onEnded?.(tx, r.id);
      return true;
    });
    if (!done) continue;
    await fs.rm(runWorkDir(d.dataDir, r.id), { recursive: true, force: true });
    ended.push(r.id);
  }
  return ended;
}
