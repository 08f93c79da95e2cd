import { z } from 'zod';

/** One stored version of a record's archival information package (a BagIt 1.0 bag as a tar). */
export const Aip = z.object({
  id: z.string().uuid(),
  recordId: z.string().uuid(),
  version: z.number().int(),
  recordVersion: z.number().int(),
  sha256: z.string(),
  sm3: z.string(),
  size: z.number().int(),
  fileCount: z.number().int(),
  payloadOxum: z.string(),
  origin: z.enum(['built', 'imported']),
  createdBy: z.string(),
  createdAt: z.string(),
}).meta({ id: 'Aip' });
export type Aip = z.infer<typeof Aip>;

/** A PREMIS event about a record, its files or its AIPs. */
export const PreservationEventView = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  objectSha256: z.string().nullable(),
  outcome: z.string(),
  detail: z.string(),
  outcomeDetail: z.record(z.string(), z.unknown()),
  agent: z.string(),
}).meta({ id: 'PreservationEventView' });
export type PreservationEventView = z.infer<typeof PreservationEventView>;

export const AipList = z.object({ items: z.array(Aip) });
export const AipEvents = z.object({ items: z.array(PreservationEventView) });
export const AipJobStarted = z.object({ jobId: z.string() });

/** What the BagIt reader found in a bag. */
export const BagReport = z.object({
  valid: z.boolean(),
  version: z.string().nullable(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  info: z.array(z.tuple([z.string(), z.string()])),
  algorithms: z.array(z.string()),
  payloadFiles: z.number().int(),
  payloadBytes: z.number().int(),
}).meta({ id: 'BagReport' });
export type BagReport = z.infer<typeof BagReport>;

/** The outcome of re-importing an exported AIP into this archive. */
export const AipImportResult = z.object({
  recordId: z.string().uuid(),
  archivalCode: z.string(),
  records: z.number().int(),
  files: z.number().int(),
  aip: Aip,
  bag: BagReport,
});
export type AipImportResult = z.infer<typeof AipImportResult>;
