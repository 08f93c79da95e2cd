/**
 * Every job name and its payload. A name added here MUST get exactly one handler (checked at boot).
 */
export interface JobPayloads {
  'audit.verify': { requestedBy: string };
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES = ['audit.verify'] as const satisfies readonly JobName[];
