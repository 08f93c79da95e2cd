/**
 * Every job name and its payload. A name added here MUST get exactly one handler (checked at boot).
 */
export interface JobPayloads {
  'audit.verify': { requestedBy: string };
  'import.validate': ImportJobPayload;
  'import.commit': ImportJobPayload;
  'demo.load': { scale: number };
  'open-review.scan': { requestedBy: string; asOf?: string };
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['audit.verify', 'import.validate', 'import.commit', 'demo.load', 'open-review.scan'] as const satisfies readonly JobName[];

/** A catalogue import step, run for the user who asked: their fonds scope, clearance and name go along for checks and audit. */
export interface ImportJobPayload {
  importId: string;
  actor: { id: string | null; name: string; roles: string[] };
  securities: string[];
  requestId: string | null;
  ip: string | null;
}
