import { z } from 'zod';

export const AuditRow = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    actorRoles: z.array(z.string()),
    action: z.string(),
    outcome: z.enum(['success', 'denied', 'failure']),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    beforeDigest: z.string().nullable(),
    afterDigest: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditRow' });
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditQuery = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  action: z.string().max(100).optional(),
  actor: z.string().max(64).optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
});

export const AuditVerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    headSeq: z.number().int(),
    headHash: z.string(),
    firstBad: z.object({ seq: z.number().int(), reason: z.enum(['missing_row', 'prev_hash_mismatch', 'hash_mismatch', 'sequence_gap']) }).optional(),
  })
  .meta({ id: 'AuditVerifyResult' });
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
