import type { Conn } from '../db/database.ts';
import type { JobName, JobPayloads } from './job-types.ts';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobRun {
  id: string;
  name: string;
  state: JobState;
  percent: number;
  message: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  output: unknown;
}

export interface JobContext<P> {
  id: string;
  payload: P;
  /** Reports progress; percent is clamped to 0–100. Cheap enough to call per item, but throttled to one write a second. */
  progress(percent: number, message?: string): Promise<void>;
}

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /** Retries after a failure (0: none). Handlers MUST be idempotent when attempts > 0. */
  retries?: number;
  /** A cron expression (UTC): a worker that starts also schedules this job with an empty payload. */
  cron?: string;
  handler(ctx: JobContext<JobPayloads[N]>): Promise<unknown>;
}

export const defineJob = <N extends JobName>(d: JobDefinition<N>) => d as unknown as JobDefinition;

/**
 * The jobs port. An enqueue given a transaction SHALL become visible only if that transaction commits.
 * A job's state and progress SHALL be readable by id from any process sharing the database.
 */
export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: { tx?: Conn; createdBy?: string }): Promise<string>;
  get(id: string): Promise<JobRun | null>;
  list(opts: { limit: number; state?: JobState; createdBy?: string }): Promise<JobRun[]>;
  /** Starts working: every job name SHALL have exactly one definition, or this throws before any job runs. */
  work(defs: JobDefinition[]): Promise<void>;
  /** Resolves once the given job has ended (tests and CLI waits). */
  waitFor(id: string, timeoutMs?: number): Promise<JobRun>;
  stop(): Promise<void>;
}

export function assertOneHandlerEach(names: readonly string[], defs: JobDefinition[]): void {
  const counts = new Map<string, number>();
  for (const d of defs) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  const bad = names.filter((n) => counts.get(n) !== 1).map((n) => `${n} (${counts.get(n) ?? 0} handlers)`);
  const unknown = [...counts.keys()].filter((n) => !names.includes(n));
  if (bad.length || unknown.length) throw new Error(`job handlers misconfigured: ${[...bad, ...unknown.map((u) => `${u} (unknown name)`)].join(', ')}`);
}
