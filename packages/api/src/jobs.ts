import { z } from 'zod';

export const JobState = z.enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed']);
export const Job = z
  .object({
    id: z.string(),
    name: z.string(),
    state: JobState,
    percent: z.number().min(0).max(100),
    message: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    output: z.unknown().optional(),
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof Job>;
export const JobsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), state: JobState.optional() });
