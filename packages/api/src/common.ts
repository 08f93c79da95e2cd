import { z } from 'zod';

export const Id = z.string().uuid();
export const Ok = z.object({ ok: z.literal(true) });

/** A page of items with the total count. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });

export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const Health = z.object({ status: z.enum(['ok', 'fail']), version: z.string(), checks: z.record(z.string(), z.string()).optional() });
