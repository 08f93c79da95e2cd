import { z } from 'zod';
import { Clearance } from './auth.ts';

/**
 * 利用 (查档/借阅): reader requests, their approval flow, watermarked delivery and statistics.
 * The public portal submits and tracks requests through `access.publicSubmit` / `access.publicTrack`;
 * signed-in readers and archivists use the other routes.
 */

/** 利用目的: 民生 (婚姻登记, 学籍, 工龄, 不动产), 工作查考, 学术研究, 其他. */
export const AccessPurpose = z.enum(['marriage', 'education', 'employment', 'property', 'work', 'research', 'other']);
export type AccessPurpose = z.infer<typeof AccessPurpose>;
/** Groups used in the yearly statistics (档案统计年报 六 利用): 民生 is 个人·权益维护. */
export const PURPOSE_GROUP: Record<AccessPurpose, 'livelihood' | 'work' | 'research' | 'other'> = {
  marriage: 'livelihood', education: 'livelihood', employment: 'livelihood', property: 'livelihood', work: 'work', research: 'research', other: 'other',
};

export const IdType = z.enum(['resident_id', 'passport', 'other']);
/** 证件号码 (checked for 18-digit 居民身份证 format, checksum included, when idType is resident_id). */
export const Applicant = z.object({
  name: z.string().trim().min(1).max(100),
  idType: IdType.default('resident_id'),
  idNo: z.string().trim().min(4).max(40),
  phone: z.string().trim().max(30).default(''),
});
export type Applicant = z.infer<typeof Applicant>;

/** How the reader wants the records: 在线查看, 在线下载, or 出证 (printed certified copies). */
export const DeliveryMode = z.enum(['view', 'download', 'certified']);
export type DeliveryMode = z.infer<typeof DeliveryMode>;

export const AccessRequestCreate = z.object({
  purpose: AccessPurpose,
  /** Free text (stored as text, always rendered escaped). */
  purposeDetail: z.string().trim().max(500).default(''),
  /** What the reader is looking for: names, years, units (查档内容). */
  content: z.string().trim().min(2).max(2000),
  /** Records picked in the portal; never dereferenced for the reader before approval (no existence leak). */
  recordIds: z.array(z.string().uuid()).max(50).default([]),
  preferredMode: DeliveryMode.default('view'),
  /** Required when an archivist registers a walk-in reader (窗口); optional for readers (their account's name is used when absent). */
  applicant: Applicant.optional(),
});
export type AccessRequestCreate = z.infer<typeof AccessRequestCreate>;

export const PublicRequestCreate = AccessRequestCreate.omit({ applicant: true }).extend({ applicant: Applicant });
export type PublicRequestCreate = z.infer<typeof PublicRequestCreate>;

export const AccessStatus = z.enum(['reviewing', 'approved', 'rejected', 'withdrawn']);
export type AccessStatus = z.infer<typeof AccessStatus>;
export const AccessChannel = z.enum(['online', 'window', 'portal']);

export const AccessStep = z.object({ key: z.string(), label: z.string(), approvers: z.array(z.string()) });
export type AccessStep = z.infer<typeof AccessStep>;
export const AccessDecision = z.object({
  stepIndex: z.number().int(), stepKey: z.string(), decision: z.enum(['approve', 'reject']), reason: z.string(), actor: z.string(), at: z.string(),
});
export const AccessItem = z.object({
  recordId: z.string().uuid(), archivalCode: z.string(), title: z.string(), year: z.number().int(), security: Clearance, fondsCode: z.string(), fileCount: z.number().int(),
});
export type AccessItem = z.infer<typeof AccessItem>;

export const AccessDelivery = z.object({
  id: z.string().uuid(), mode: DeliveryMode, expiresAt: z.string(), createdAt: z.string(), createdBy: z.string(), revoked: z.boolean(), expired: z.boolean(),
  certificateNo: z.string().nullable(),
  /** Signed capability for the delivery routes; only shown to the request's reader and archivists. */
  token: z.string().nullable(),
  views: z.number().int(), downloads: z.number().int(),
}).meta({ id: 'AccessDelivery' });
export type AccessDelivery = z.infer<typeof AccessDelivery>;

export const AccessRequest = z.object({
  id: z.string().uuid(),
  /** Human-readable: CD-2026-000123. */
  number: z.string(),
  channel: AccessChannel,
  status: AccessStatus,
  purpose: AccessPurpose, purposeDetail: z.string(), content: z.string(), preferredMode: DeliveryMode,
  applicantName: z.string(), idType: IdType,
  /** Always masked (110***********1234); archivists reveal it through access.revealIdNumber (audited). */
  idNoMasked: z.string(),
  phoneMasked: z.string(),
  readerUsername: z.string().nullable(),
  steps: z.array(AccessStep),
  /** Index into steps of the step waiting for a decision; steps.length once decided. */
  currentStep: z.number().int(),
  decisions: z.array(AccessDecision),
  /** Records picked at submission (archivists only; empty for readers). */
  requestedRecordIds: z.array(z.string().uuid()),
  /** Records attached by the archivist; readers see them once approved. */
  items: z.array(AccessItem),
  deliveries: z.array(AccessDelivery),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), decidedAt: z.string().nullable(),
}).meta({ id: 'AccessRequest' });
export type AccessRequest = z.infer<typeof AccessRequest>;

export const AccessRequestSummary = AccessRequest.pick({
  id: true, number: true, channel: true, status: true, purpose: true, applicantName: true, idNoMasked: true, readerUsername: true, currentStep: true, steps: true, createdAt: true, decidedAt: true,
}).extend({ itemCount: z.number().int(), mayDecide: z.boolean() }).meta({ id: 'AccessRequestSummary' });
export type AccessRequestSummary = z.infer<typeof AccessRequestSummary>;

export const AccessRequestQuery = z.object({
  status: AccessStatus.optional(),
  /** Only requests waiting for the caller's decision. */
  queue: z.enum(['0', '1']).optional(),
  q: z.string().max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AccessDecisionBody = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(1000).default(''),
  /** The step the decider saw: a stale screen gets 409 instead of deciding the next step. */
  stepIndex: z.number().int().min(0),
});
export const AccessItemsBody = z.object({ recordIds: z.array(z.string().uuid()).max(200) });
export const DeliveryCreate = z.object({ mode: DeliveryMode, days: z.number().int().min(1).max(90).default(7) });

/** The approval flow (configurable): ordered steps, and an extra step for 密级 records or restricted fonds. */
export const AccessFlow = z.object({
  steps: z.array(AccessStep.extend({ key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/), label: z.string().trim().min(1).max(50), approvers: z.array(z.string().max(64)).max(100).default([]) })).min(1).max(5),
  secrecyStep: AccessStep.extend({ key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/), label: z.string().trim().min(1).max(50), approvers: z.array(z.string().max(64)).max(100).default([]) }),
  /** 全宗号 whose records always take the extra step. */
  restrictedFonds: z.array(z.string().max(64)).max(500).default([]),
}).meta({ id: 'AccessFlow' });
export type AccessFlow = z.infer<typeof AccessFlow>;

/** A delivery as its holder sees it: what may be viewed, until when. */
export const DeliveryManifest = z.object({
  id: z.string().uuid(), requestNumber: z.string(), readerName: z.string(), mode: DeliveryMode, expiresAt: z.string(), certificateNo: z.string().nullable(),
  items: z.array(z.object({ recordId: z.string().uuid(), archivalCode: z.string(), title: z.string(), files: z.array(z.object({ id: z.string().uuid(), filename: z.string(), pages: z.number().int() })) })),
}).meta({ id: 'DeliveryManifest' });
export type DeliveryManifest = z.infer<typeof DeliveryManifest>;

export const AccessEvent = z.object({
  id: z.number().int(), deliveryId: z.string().uuid(), kind: z.enum(['view', 'download', 'certificate']), recordId: z.string().uuid().nullable(), fileId: z.string().uuid().nullable(),
  page: z.number().int().nullable(), actor: z.string(), ip: z.string(), at: z.string(),
});

export const PublicSubmitted = z.object({ number: z.string(), trackingCode: z.string() });
export const PublicTrack = z.object({
  number: z.string(), status: AccessStatus, purpose: AccessPurpose, createdAt: z.string(), decidedAt: z.string().nullable(),
  steps: z.array(z.object({ label: z.string(), done: z.boolean() })),
  /** The last decision's reason when rejected. */
  reason: z.string().nullable(),
  deliveries: z.array(AccessDelivery.pick({ mode: true, expiresAt: true, expired: true, token: true })),
}).meta({ id: 'PublicTrack' });

export const StatsQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  period: z.enum(['day', 'month', 'year']).default('month'),
});
export const StatsRow = z.object({
  period: z.string(), requests: z.number().int(), approved: z.number().int(), rejected: z.number().int(), deliveries: z.number().int(), views: z.number().int(), downloads: z.number().int(),
});
export const AccessStats = z.object({
  rows: z.array(StatsRow),
  purposes: z.array(z.object({ purpose: AccessPurpose, requests: z.number().int() })),
  totals: StatsRow.omit({ period: true }),
}).meta({ id: 'AccessStats' });
export type AccessStats = z.infer<typeof AccessStats>;
