import { z } from 'zod';
import { IdempotencyKey, IngestVerdict } from './ingest.ts';

/**
 * 单套制 归档 from business systems (channel 1 of issue #5): one record (件) per request — its DA/T 46
 * metadata as the multipart field `metadata` (JSON, sent BEFORE the files) and its electronic files as
 * file parts — under a client-chosen `Idempotency-Key` header. The GD-stage 四性检测 runs on what
 * arrives; the answer is a signed receipt (accepted: 200, rejected: 422, report kept either way).
 */
export const ARCHIVE_LIMITS = { maxFiles: 20, maxFileBytes: 512 * 1024 ** 2, maxMetadataBytes: 256 * 1024 } as const;

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${n}}$`), `${n} 个十六进制字符 / ${n} hex characters`);
export const ArchiveFileDecl = z.object({
  name: z.string().min(1).max(255).describe('计算机文件名: the file part\'s filename'),
  size: z.number().int().min(0).optional().describe('计算机文件大小 in bytes'),
  sha256: Hex(64).optional(),
  sm3: Hex(64).optional(),
  md5: Hex(32).optional(),
  format: z.string().max(100).optional().describe('格式信息, e.g. PDF/A-2b, OFD'),
  createdAt: z.string().max(40).optional().describe('创建时间'),
  signature: z.object({ alg: z.enum(['SM2', 'RSA']), value: z.string().min(1).max(20_000), certificate: z.string().max(20_000).optional(), signedDigest: z.string().max(200).optional() }).optional()
    .describe('An electronic signature over the declared digest (checked as GD-1-1)'),
});
export const ArchiveMetadata = z.object({
  fonds: z.string().min(1).max(64).describe('全宗号'),
  category: z.string().min(1).max(20).describe('门类代码, e.g. WS'),
  record: z.record(z.string().min(1).max(40), z.union([z.string().max(5000), z.number()]))
    .refine((r) => Object.keys(r).length <= 100, '最多 100 个元素 / at most 100 elements')
    .describe('DA/T 46 elements by their Chinese names: 题名, 责任者, 文号, 日期 (YYYY-MM-DD or YYYYMMDD), 年度, 保管期限 (永久/定期30年/定期10年 or Y/D30/D10), 机构或问题 (or 机构), 密级, 页数, 备注 …'),
  files: z.array(ArchiveFileDecl).min(1).max(ARCHIVE_LIMITS.maxFiles).describe('One entry per file part, in any order, matched by name'),
}).meta({ id: 'ArchiveMetadata' });
export type ArchiveMetadata = z.infer<typeof ArchiveMetadata>;

export const ArchiveReceiptBody = z.object({
  kind: z.literal('lantai.archive-receipt/1'),
  idempotencyKey: z.string(),
  requestSha256: z.string().describe('SHA-256 of the canonical request (metadata + file digests)'),
  status: z.enum(['accepted', 'rejected']),
  fonds: z.string(),
  category: z.string(),
  archivalCode: z.string().nullable(),
  recordId: z.string().nullable(),
  verdict: IngestVerdict,
  files: z.array(z.object({ name: z.string(), size: z.number().int(), sha256: z.string(), sm3: z.string() })),
  report: z.object({ runId: z.string(), sha256: z.string(), sm3: z.string(), pdfSha256: z.string().nullable() }),
  reason: z.string().nullable(),
  issuedAt: z.string(),
});
export const ArchiveReceipt = z.object({
  body: ArchiveReceiptBody,
  digest: z.object({ alg: z.literal('sm3'), value: z.string() }).describe('SM3 of the canonical JSON of body (keys sorted, no whitespace)'),
  signature: z.object({ alg: z.literal('hmac-sm3'), keyId: z.string(), value: z.string() }).describe('HMAC-SM3 with the archive\'s key over the digest hex'),
}).meta({ id: 'ArchiveReceipt' });
export type ArchiveReceipt = z.infer<typeof ArchiveReceipt>;

export const ArchiveResult = z.object({
  submissionId: z.string().uuid(),
  status: z.enum(['accepted', 'rejected']),
  code: z.string().nullable().describe('For a rejection: archive_checks_failed | archive_digest_mismatch | archive_record_invalid'),
  message: z.string().nullable(),
  replayed: z.boolean().describe('true when this answer is the stored one for an earlier request with the same key'),
  receipt: ArchiveReceipt,
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('Why the record could not be taken in, beside the report'),
  links: z.object({ reportJson: z.string(), reportPdf: z.string(), record: z.string().nullable() }),
}).meta({ id: 'ArchiveResult' });
export type ArchiveResult = z.infer<typeof ArchiveResult>;

export const ArchiveSubmitHeaders = z.looseObject({ 'idempotency-key': z.string().optional().describe(`Required: ${IdempotencyKey.description ?? '8–100 of A–Z a–z 0–9 _ . : -'}`) });

export const ArchiveSubmission = z.object({
  id: z.string().uuid(), idempotencyKey: z.string(), status: z.enum(['checking', 'accepted', 'rejected', 'failed']), via: z.enum(['token', 'session']),
  createdBy: z.string(), fondsCode: z.string(), categoryCode: z.string(), runId: z.string().uuid().nullable(), verdict: IngestVerdict.nullable(),
  recordId: z.string().uuid().nullable(), archivalCode: z.string().nullable(), title: z.string().nullable().describe('The record\'s title; for a submission without a record, the submitted 题名 · key'), reportSha256: z.string().nullable(),
  failure: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'ArchiveSubmission' });
export type ArchiveSubmission = z.infer<typeof ArchiveSubmission>;
export const ArchiveSubmissionsQuery = z.object({
  status: z.enum(['checking', 'accepted', 'rejected', 'failed']).optional(),
  idempotencyKey: z.string().max(100).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ArchiveVerifyResult = z.object({ digestOk: z.boolean(), signatureOk: z.boolean(), knownSubmission: z.boolean() });
