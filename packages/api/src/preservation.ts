import { z } from 'zod';

/** Bit preservation: storage locations, copies policy, fixity, self-repair, PREMIS events, NDSA levels. */

export const Medium = z.enum(['disk', 'object', 'offline']);
export const LocationState = z.enum(['online', 'offline']);
const LocationId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

export const StorageLocation = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['primary', 'local', 's3']),
    medium: Medium,
    state: LocationState,
    zone: z.string(),
    /** Where the copies are; S3 secrets are never returned. */
    target: z.string(),
    position: z.number().int(),
  })
  .meta({ id: 'StorageLocation' });
export type StorageLocation = z.infer<typeof StorageLocation>;

const LocalTarget = z.object({ path: z.string().min(1).max(1000).refine((p) => p.startsWith('/'), 'an absolute path') });
const S3Target = z.object({
  endpoint: z.url().optional(), bucket: z.string().min(3).max(63), region: z.string().min(1).max(40).default('us-east-1'),
  prefix: z.string().max(200).optional(), accessKeyId: z.string().min(1).max(200), secretAccessKey: z.string().min(1).max(200),
});

export const CreateLocationBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), id: LocationId, name: z.string().min(1).max(100), medium: Medium, zone: z.string().max(100).default(''), state: LocationState.default('online'), config: LocalTarget }),
  z.object({ kind: z.literal('s3'), id: LocationId, name: z.string().min(1).max(100), medium: Medium, zone: z.string().max(100).default(''), state: LocationState.default('online'), config: S3Target }),
]);
export type CreateLocationBody = z.input<typeof CreateLocationBody>;

export const UpdateLocationBody = z.object({
  name: z.string().min(1).max(100).optional(), medium: Medium.optional(), state: LocationState.optional(), zone: z.string().max(100).optional(),
});
export type UpdateLocationBody = z.infer<typeof UpdateLocationBody>;

export const PreservationPolicy = z
  .object({
    copies: z.number().int().min(1).max(9),
    mediaTypes: z.number().int().min(1).max(3),
    fixityCycleDays: z.number().int().min(1).max(3650),
    sweepBytesPerSec: z.number().int().min(1024),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'PreservationPolicy' });
export type PreservationPolicy = z.infer<typeof PreservationPolicy>;
export const PolicyBody = PreservationPolicy.omit({ updatedAt: true, updatedBy: true }).partial();

export const PreservationEventRow = z
  .object({
    id: z.string(), type: z.string(), at: z.string(), outcome: z.enum(['pass', 'fail', 'warning']),
    objectSha256: z.string().nullable(), recordId: z.string().nullable(), objectId: z.string().nullable(), locationId: z.string().nullable(),
    detail: z.string(), outcomeDetail: z.record(z.string(), z.unknown()),
    agent: z.object({ type: z.enum(['software', 'person', 'organization']), name: z.string(), version: z.string().nullable(), userId: z.string().nullable() }),
  })
  .meta({ id: 'PreservationEvent' });
export type PreservationEventRow = z.infer<typeof PreservationEventRow>;

export const EventsQuery = z.object({
  object: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  record: z.uuid().optional(),
  location: z.string().max(40).optional(),
  type: z.string().max(63).optional(),
  outcome: z.enum(['pass', 'fail', 'warning']).optional(),
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const PreservationAlert = z
  .object({
    id: z.string(), kind: z.string(), severity: z.enum(['info', 'warning', 'error']), objectSha256: z.string().nullable(), locationId: z.string().nullable(),
    message: z.string(), detail: z.record(z.string(), z.unknown()), createdAt: z.string(), readAt: z.string().nullable(), readBy: z.string().nullable(),
  })
  .meta({ id: 'PreservationAlert' });
export type PreservationAlert = z.infer<typeof PreservationAlert>;

export const IncidentState = z.enum(['open', 'acknowledged', 'resolved']);
export const PreservationIncident = z
  .object({
    id: z.string(), kind: z.string(), state: IncidentState, objectSha256: z.string().nullable(), locationId: z.string().nullable(), title: z.string(),
    detail: z.record(z.string(), z.unknown()), openedAt: z.string(), lastSeenAt: z.string(), occurrences: z.number().int(),
    acknowledgedAt: z.string().nullable(), acknowledgedBy: z.string().nullable(), resolvedAt: z.string().nullable(), resolvedBy: z.string().nullable(), resolution: z.string().nullable(),
  })
  .meta({ id: 'PreservationIncident' });
export type PreservationIncident = z.infer<typeof PreservationIncident>;
export const ResolveIncidentBody = z.object({ resolution: z.string().min(1).max(2000) });

export const NdsaArea = z.enum(['storage', 'integrity', 'control', 'metadata', 'content']);
export const NdsaReason = z.object({ level: z.number().int().min(1).max(4), zh: z.string(), en: z.string() });
export const NdsaAssessment = z
  .object({ area: NdsaArea, level: z.number().int().min(0).max(4), evidence: z.array(z.object({ zh: z.string(), en: z.string() })), notHigher: z.array(NdsaReason) })
  .meta({ id: 'NdsaAssessment' });
export type NdsaAssessment = z.infer<typeof NdsaAssessment>;

export const LocationStats = z.object({
  location: StorageLocation,
  copies: z.number().int(), bytes: z.number(), pending: z.number().int(), missing: z.number().int(), corrupt: z.number().int(),
  lastFixityAt: z.string().nullable(), lastSweepCompletedAt: z.string().nullable(), sweepCursor: z.string().nullable(),
  failures30d: z.number().int(), repairs30d: z.number().int(), lastError: z.string().nullable(),
});

export const PreservationDashboard = z
  .object({
    policy: PreservationPolicy,
    objects: z.object({ total: z.number().int(), bytes: z.number(), belowPolicy: z.number().int(), mediaShort: z.number().int() }),
    locations: z.array(LocationStats),
    openIncidents: z.array(PreservationIncident),
    alerts: z.array(PreservationAlert),
    unreadAlerts: z.number().int(),
    ndsa: z.array(NdsaAssessment),
    generatedAt: z.string(),
  })
  .meta({ id: 'PreservationDashboard' });
export type PreservationDashboard = z.infer<typeof PreservationDashboard>;

export const MarkAlertsReadBody = z.object({ ids: z.array(z.uuid()).max(500).optional(), all: z.boolean().optional() });
export const PreservationRunBody = z.object({ all: z.boolean().optional() });
