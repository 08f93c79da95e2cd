/**
 * Every job name and its payload. A name added here MUST get exactly one handler (checked at boot).
 */
export interface JobPayloads {
  /** requestedBy is absent when the daily schedule starts it. */
  'audit.verify': { requestedBy?: string };
  'import.validate': ImportJobPayload;
  'import.commit': ImportJobPayload;
  'demo.load': { scale: number };
  'open-review.scan': { requestedBy: string; asOf?: string };
  'preservation.replicate': PreservationJobPayload;
  'preservation.sweep': PreservationJobPayload;
  'aip.build': { recordId: string; requestedBy: string };
  'aip.sweep': { requestedBy: string; limit?: number };
  'ingest.run': IngestJobPayload;
  'ingest.accept': IngestJobPayload;
  /** Ends check runs whose worker died (modules/ingest/run.sweep.ts); from the schedule, empty payload. */
  'ingest.sweep': Record<string, never>;
  'transfer.accept': { transferId: string; actor: { id: string | null; name: string; roles: string[] }; requestId: string | null; ip: string | null };
  'search.reindex': { requestedBy: string };
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['audit.verify', 'import.validate', 'import.commit', 'demo.load', 'open-review.scan', 'preservation.replicate', 'preservation.sweep', 'aip.build', 'aip.sweep', 'ingest.run', 'ingest.accept', 'ingest.sweep', 'transfer.accept', 'search.reindex'] as const satisfies readonly JobName[];

/** A catalogue import step, run for the user who asked: their fonds scope, clearance and name go along for checks and audit. */
export interface ImportJobPayload {
  importId: string;
  actor: { id: string | null; name: string; roles: string[] };
  securities: string[];
  requestId: string | null;
  ip: string | null;
}

/** A replication or fixity-sweep run: from the schedule (empty payload) or asked for by a person. */
export interface PreservationJobPayload {
  requestedBy?: string;
  /** Sweep: check everything from the cursor to the end of the cycle. Replication: ignore the retry backoff. */
  all?: boolean;
}

/** A 四性检测 run or its acceptance, for the user who asked (name and roles go to the audit row). */
export interface IngestJobPayload {
  runId: string;
  actor: { id: string | null; name: string; roles: string[] };
  requestId: string | null;
  ip: string | null;
}
