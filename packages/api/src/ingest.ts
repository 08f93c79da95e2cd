import { z } from 'zod';
import { RecordFields } from './catalogue.ts';

/** 四性检测 stages (DA/T 70): GD 归档 · YJ 移交接收 · CQ 长期保存. */
export const IngestStage = z.enum(['GD', 'YJ', 'CQ']);
export type IngestStage = z.infer<typeof IngestStage>;
export const IngestOutcome = z.enum(['pass', 'fail', 'warning', 'skipped']);
export const IngestVerdict = z.enum(['pass', 'warning', 'fail']);
export const IngestRunStatus = z.enum(['queued', 'running', 'checked', 'accepting', 'accepted', 'rejected', 'failed']);
export type IngestRunStatus = z.infer<typeof IngestRunStatus>;
export const IngestLayout = z.enum(['bagit', 'eep', 'transfer2012', 'api', 'folder']);
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 个小写十六进制字符 / 64 lower-case hex characters');
/** A client-chosen key: the same key from the same user returns the same upload or run instead of a second one. */
export const IdempotencyKey = z.string().min(8).max(100).regex(/^[\w.:-]+$/);

// ── Chunked, resumable upload ──────────────────────────────────────────────
export const IngestUploadCreate = z.object({
  filename: z.string().trim().min(1).max(255),
  size: z.number().int().min(1).max(1024 ** 4).describe('Exact byte count of the whole package'),
  sha256: Hex64.optional().describe('SHA-256 of the whole package; checked on complete'),
  idempotencyKey: IdempotencyKey,
});
export const IngestUpload = z.object({
  id: z.string().uuid(), filename: z.string(), size: z.number().int(), sha256: z.string().nullable(),
  received: z.number().int().describe('Bytes stored so far: the offset the next chunk must start at'),
  status: z.enum(['open', 'complete', 'aborted']), createdBy: z.string(), createdAt: z.string(),
}).meta({ id: 'IngestUpload' });
export type IngestUpload = z.infer<typeof IngestUpload>;
export const IngestChunkQuery = z.object({ offset: z.coerce.number().int().min(0) });
export const IngestChunkResult = z.object({ received: z.number().int() });

// ── Runs and reports ───────────────────────────────────────────────────────
export const IngestRunCreate = z.object({
  uploadId: z.string().uuid(), categoryId: z.string().uuid(), stage: IngestStage.default('GD'),
  idempotencyKey: IdempotencyKey.optional(),
  defaults: RecordFields.pick({ year: true, retention: true, security: true, responsible: true, orgCode: true, openStatus: true }).partial().default({})
    .describe('Record fields for records whose package metadata leaves them out (e.g. 年度, 保管期限 for a BagIt bag)'),
});
export const IngestRun = z.object({
  id: z.string().uuid(), uploadId: z.string().uuid().nullable(), fondsId: z.string().uuid(), categoryId: z.string().uuid(),
  stage: IngestStage, status: IngestRunStatus, verdict: IngestVerdict.nullable(), layout: IngestLayout.nullable(),
  filename: z.string(), packageSha256: z.string().nullable(), configVersion: z.number().int(),
  recordCount: z.number().int(), fileCount: z.number().int(), totalBytes: z.number().int(),
  counts: z.object({ pass: z.number().int(), fail: z.number().int(), warning: z.number().int(), skipped: z.number().int() }),
  jobId: z.string().nullable(), acceptJobId: z.string().nullable(), percent: z.number().int(), progressMessage: z.string().nullable(),
  reportSha256: z.string().nullable(), reportSm3: z.string().nullable(), reportPdfSha256: z.string().nullable(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionReason: z.string().nullable(),
  failure: z.string().nullable(), createdRecords: z.number().int(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'IngestRun' });
export type IngestRun = z.infer<typeof IngestRun>;
export const IngestRunsQuery = z.object({
  status: IngestRunStatus.optional(), verdict: IngestVerdict.optional(), stage: IngestStage.optional(), categoryId: z.string().uuid().optional(),
  q: z.string().max(200).optional().describe('Substring of the package file name'),
  offset: z.coerce.number().int().min(0).max(100_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const IngestReportItem = z.object({
  seq: z.number().int(), checkId: z.string(), code: z.string().describe('DA/T 70 item code, e.g. GD-1-1'),
  property: z.enum(['authenticity', 'integrity', 'usability', 'safety']), name: z.object({ zh: z.string(), en: z.string() }),
  outcome: IngestOutcome, subject: z.string().nullable(), zh: z.string(), en: z.string(), evidence: z.record(z.string(), z.unknown()),
}).meta({ id: 'IngestReportItem' });
export type IngestReportItem = z.infer<typeof IngestReportItem>;
export const IngestReportQuery = z.object({
  outcome: IngestOutcome.optional(), code: z.string().max(20).optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const IngestReportPage = z.object({
  run: IngestRun, items: z.array(IngestReportItem), total: z.number().int(), offset: z.number().int(), limit: z.number().int(),
});
export const IngestDecision = z.object({ reason: z.string().trim().max(2000).default('') });
export const IngestRecordRuns = z.object({ items: z.array(z.object({ runId: z.string().uuid(), packageKey: z.string(), stage: IngestStage, verdict: IngestVerdict.nullable(), reportSha256: z.string().nullable(), acceptedAt: z.string().nullable() })) });

// ── Versioned check configuration per stage ────────────────────────────────
export const IngestCheckSetting = z.object({ enabled: z.boolean(), settings: z.record(z.string(), z.unknown()).default({}) });
export const IngestConfigView = z.object({
  stage: IngestStage, version: z.number().int(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable(),
  items: z.array(z.object({
    checkId: z.string(), code: z.string().nullable(), property: z.string(), name: z.object({ zh: z.string(), en: z.string() }),
    enabled: z.boolean(), settings: z.record(z.string(), z.unknown()), defaults: z.record(z.string(), z.unknown()),
    choices: z.record(z.string(), z.array(z.union([z.string(), z.number()]))).describe('The values a setting may take, where it is one of a few'),
    ranges: z.record(z.string(), z.tuple([z.number(), z.number()])).describe('Inclusive bounds of numeric settings'),
  })),
}).meta({ id: 'IngestConfig' });
export type IngestConfigView = z.infer<typeof IngestConfigView>;
export const IngestConfigPut = z.object({
  version: z.number().int().min(0).describe('The version you edited; a stale one gets 409 stale_version'),
  items: z.record(z.string().max(60), IngestCheckSetting),
});
export const IngestStageParams = z.object({ stage: IngestStage });
