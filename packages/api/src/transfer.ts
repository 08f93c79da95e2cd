import { z } from 'zod';
import { RecordFields } from './catalogue.ts';
import { IdempotencyKey, IngestRun, IngestVerdict } from './ingest.ts';

/** 移交单 states: draft → submitted → checking → checked → accepting → accepted → confirmed; checked → returned → submitted again. */
export const TransferStatus = z.enum(['draft', 'submitted', 'checking', 'checked', 'accepting', 'accepted', 'returned', 'confirmed']);
export type TransferStatus = z.infer<typeof TransferStatus>;
const Version = z.number().int().min(1).describe('The version you saw; a stale one gets 409 stale_version');
const Year = z.number().int().min(1000).max(9999);

export const TransferCreate = z.object({
  idempotencyKey: IdempotencyKey.describe('The same key from the same user returns the same 移交单 (a different body with it is 409)'),
  title: z.string().trim().min(1).max(200).describe('交接工作名称'),
  description: z.string().trim().max(2000).default('').describe('内容描述'),
  transferringUnit: z.string().trim().min(1).max(200).describe('移交单位'),
  receivingUnit: z.string().trim().min(1).max(200).describe('接收单位'),
  categoryId: z.string().uuid().describe('门类 (its 全宗 is the transfer\'s fonds)'),
  yearFrom: Year, yearTo: Year,
  declaredRecords: z.number().int().min(0).max(100_000_000).describe('移交件数'),
  declaredFiles: z.number().int().min(0).max(1_000_000_000).describe('移交文件数'),
  declaredBytes: z.number().int().min(0).max(1024 ** 5).describe('移交数据量（字节）'),
  defaults: RecordFields.pick({ year: true, retention: true, security: true, responsible: true, orgCode: true, openStatus: true }).partial().default({})
    .describe('Record fields for records whose package metadata leaves them out'),
}).refine((v) => v.yearTo >= v.yearFrom, { message: '截止年度不能早于起始年度 / yearTo before yearFrom', path: ['yearTo'] });
export const TransferUpdate = z.object({
  version: Version,
  title: z.string().trim().min(1).max(200).optional(), description: z.string().trim().max(2000).optional(),
  transferringUnit: z.string().trim().min(1).max(200).optional(), receivingUnit: z.string().trim().min(1).max(200).optional(),
  yearFrom: Year.optional(), yearTo: Year.optional(),
  declaredRecords: z.number().int().min(0).max(100_000_000).optional(), declaredFiles: z.number().int().min(0).max(1_000_000_000).optional(),
  declaredBytes: z.number().int().min(0).max(1024 ** 5).optional(),
});
export const TransferVersion = z.object({ version: Version });
export const TransferReturn = z.object({ version: Version, reason: z.string().trim().min(1).max(2000).describe('退回理由（必填）') });
export const TransferAttach = z.object({ version: Version, uploadId: z.string().uuid().describe('A complete upload of yours (POST /api/ingest/uploads)') });

export const TransferPackage = z.object({
  id: z.string().uuid(), uploadId: z.string().uuid(), filename: z.string(), size: z.number().int(), sha256: z.string(), sm3: z.string(), addedBy: z.string(), addedAt: z.string(),
}).meta({ id: 'TransferPackage' });
export const TransferCheck = z.object({ round: z.number().int(), packageId: z.string().uuid(), run: IngestRun }).meta({ id: 'TransferCheck' });
export const TransferSummary = z.object({
  verdict: IngestVerdict.nullable().describe('Worst verdict over the current round (null before checks finish)'),
  received: z.object({ records: z.number().int(), files: z.number().int(), bytes: z.number().int() }),
  totalsMatch: z.boolean().nullable().describe('DA/T 70 YJ 2-1: received counts and bytes equal the declared ones'),
  byProperty: z.record(z.string(), z.object({ pass: z.number().int(), fail: z.number().int(), warning: z.number().int(), skipped: z.number().int() })),
});
export const Transfer = z.object({
  id: z.string().uuid(), number: z.string().describe('移交单号, e.g. YJ-2026-0001'), status: TransferStatus, version: z.number().int(), round: z.number().int(),
  title: z.string(), description: z.string(), transferringUnit: z.string(), receivingUnit: z.string(),
  fondsId: z.string().uuid(), fondsCode: z.string(), fondsName: z.string(), categoryId: z.string().uuid(), categoryCode: z.string(), categoryName: z.string(),
  yearFrom: z.number().int(), yearTo: z.number().int(), declaredRecords: z.number().int(), declaredFiles: z.number().int(), declaredBytes: z.number().int(),
  returnReason: z.string().nullable(), failure: z.string().nullable(), acceptJobId: z.string().nullable(), createdRecords: z.number().int(),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), submittedBy: z.string().nullable(), submittedAt: z.string().nullable(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
  agencyConfirmedBy: z.string().nullable(), agencyConfirmedAt: z.string().nullable(), archiveConfirmedBy: z.string().nullable(), archiveConfirmedAt: z.string().nullable(),
  formSha256: z.string().nullable().describe('The latest 移交接收登记表 PDF'), formSm3: z.string().nullable(),
}).meta({ id: 'Transfer' });
export type Transfer = z.infer<typeof Transfer>;
export const TransferDetail = Transfer.extend({
  packages: z.array(TransferPackage), checks: z.array(TransferCheck).describe('Every check run of every round, newest round first'), summary: TransferSummary,
}).meta({ id: 'TransferDetail' });
export type TransferDetail = z.infer<typeof TransferDetail>;
export const TransfersQuery = z.object({
  status: TransferStatus.optional(), q: z.string().max(200).optional().describe('Substring of the number or title'),
  offset: z.coerce.number().int().min(0).max(100_000).default(0), limit: z.coerce.number().int().min(1).max(200).default(20),
});

/** A signed statement of what the archive took in: digest = SM3(canonical JSON of body), signature = HMAC-SM3(key, digest hex). */
export const TransferReceipt = z.object({
  body: z.object({
    kind: z.literal('lantai.transfer-receipt/1'), transferId: z.string(), number: z.string(), idempotencyKey: z.string(), status: TransferStatus,
    transferringUnit: z.string(), receivingUnit: z.string(), fonds: z.string(), category: z.string(), years: z.string(),
    records: z.number().int(), files: z.number().int(), bytes: z.number().int(),
    packages: z.array(z.object({ filename: z.string(), size: z.number().int(), sha256: z.string(), sm3: z.string(), runId: z.string(), verdict: z.string().nullable(), reportSha256: z.string().nullable() })),
    form: z.object({ sha256: z.string(), sm3: z.string() }).nullable(),
    acceptedBy: z.string().nullable(), acceptedAt: z.string().nullable(), agencyConfirmedAt: z.string().nullable(), archiveConfirmedAt: z.string().nullable(), issuedAt: z.string(),
  }),
  digest: z.object({ alg: z.literal('sm3'), value: z.string() }),
  signature: z.object({ alg: z.literal('hmac-sm3'), keyId: z.string(), value: z.string() }),
}).meta({ id: 'TransferReceipt' });
export type TransferReceipt = z.infer<typeof TransferReceipt>;
export const TransferReceiptVerify = z.object({ digestOk: z.boolean(), signatureOk: z.boolean() });
