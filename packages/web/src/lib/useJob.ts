import { useEffect, useState } from 'react';
import type { Job } from '@lantai/api';
import { jobs } from './endpoints.ts';

const DONE: ReadonlySet<Job['state']> = new Set(['completed', 'failed', 'cancelled']);
export const jobDone = (j: Job | undefined) => !!j && DONE.has(j.state);

/** Follows a background job (GET /api/jobs/:id) every `everyMs` until it completes, fails or is cancelled. */
export function useJob(jobId: string | null, everyMs = 700): { job: Job | undefined; error: unknown } {
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setJob(undefined);
    setError(null);
    if (!jobId) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const j = await jobs.get(jobId);
        if (stop) return;
        setJob(j);
        if (DONE.has(j.state)) return;
      } catch (e) {
        if (stop) return;
        setError(e);
        return;
      }
      timer = setTimeout(() => void tick(), everyMs);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [jobId, everyMs]);
  return { job, error };
}
