import type { Conn, Db } from '../../platform/db/database.ts';
import { defineJob } from '../../platform/jobs/job-queue.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { executeAccept } from './accept.execute.ts';
import { executeRun } from './run.execute.ts';
import { sweepStaleRuns } from './run.sweep.ts';

/** The two long steps of an ingest: the check run and the accept, each a job with progress; and the sweep of runs whose worker died. */
export const ingestJobs = (db: Db, storage: ObjectStorage, dataDir: string, clamd?: { socket?: string; host?: string; port?: number },
  /** Runs in the accept transaction with the new (archived) records, e.g. to enqueue their AIP builds. */
  onArchived?: (tx: Conn, recordIds: string[], by: string) => Promise<void>,
  /** Runs in the transaction that ends a check run (checked or failed), e.g. to move its 移交单 on. */
  onRunEnded?: (tx: Conn, runId: string) => Promise<void>) => [
  defineJob({ name: 'ingest.run', handler: ({ payload, progress }) => executeRun({ db, storage, dataDir, clamd, onEnded: onRunEnded }, payload.runId, progress) }),
  defineJob({ name: 'ingest.accept', handler: ({ payload, progress }) => executeAccept({ db, storage, dataDir }, payload.runId, { ...payload.actor, requestId: payload.requestId, ip: payload.ip }, progress,
    async (tx) => onArchived?.(tx, (await tx.selectFrom('ingest_run_records').select('record_id').where('run_id', '=', payload.runId).execute()).map((r) => r.record_id), payload.actor.name)) }),
  defineJob({ name: 'ingest.sweep', cron: '*/5 * * * *', handler: async () => ({ failed: await sweepStaleRuns({ db, dataDir, onEnded: onRunEnded }) }) }),
];
