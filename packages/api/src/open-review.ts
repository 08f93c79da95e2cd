import { z } from 'zod';

// 开放审核: candidate records reaching their opening age, machine pre-screen, staged review, publication.

export const TermCategory = z.enum(['state_secret', 'personal', 'political', 'ethnic_religious', 'commercial', 'other']);
export const SensitiveTerm = z.object({ id: z.string().uuid(), term: z.string(), category: TermCategory, createdBy: z.string(), createdAt: z.string() });
export const SensitiveTermInput = z.object({ term: z.string().trim().min(1).max(100), category: TermCategory });

export const OpenRule = z.object({
  categoryId: z.string().uuid(), fondsCode: z.string(), fondsName: z.string(), categoryCode: z.string(), categoryName: z.string(),
  openAfterYears: z.number().int().min(0).max(100).describe('档案法 Art.27: 25; fewer for 经济/教育/科技/文化 classes'),
  coReview: z.boolean().describe('The 移交单位 (records_officer of the fonds) gives an opinion before 复审'),
});
export const OpenRuleInput = z.object({ openAfterYears: z.number().int().min(0).max(100), coReview: z.boolean() });

export const ScreenHit = z.object({
  kind: z.enum(['term', 'id_card', 'mobile', 'landline', 'name_near_term', 'security']),
  field: z.string(), start: z.number().int(), end: z.number().int(), text: z.string(), category: z.string().optional(),
});
export const ReviewStage = z.enum(['initial', 'co_review', 'final', 'decided']);
export const OpenDecision = z.enum(['open', 'closed', 'redacted']);
export const Redaction = z.object({
  title: z.string().trim().min(1).max(1000).describe('The title as the portal shows it'),
  hideFiles: z.boolean().default(false).describe('Publish the catalogue entry only, no files'),
});
export const ReviewOpinion = z.object({
  stage: ReviewStage.exclude(['decided']), actor: z.string(), decision: OpenDecision, reason: z.string(),
  deferYears: z.number().int().nullable(), redaction: Redaction.nullable(), at: z.string(),
});
export const ReviewSummary = z.object({
  id: z.string().uuid(), recordId: z.string().uuid(), fondsCode: z.string(), archivalCode: z.string(), title: z.string(), year: z.number().int(),
  docDate: z.string(), security: z.string(), stage: ReviewStage, dueYear: z.number().int(), hitCount: z.number().int(),
  decision: OpenDecision.nullable(), publishedAt: z.string().nullable(), version: z.number().int(), createdAt: z.string(),
});
export const ReviewDetail = ReviewSummary.extend({
  record: z.object({ title: z.string(), remarks: z.string(), subjects: z.array(z.string()), responsible: z.string() }),
  hits: z.array(ScreenHit), opinions: z.array(ReviewOpinion), coReview: z.boolean(),
});
export const ReviewQuery = z.object({
  stage: ReviewStage.optional(), fondsCode: z.string().max(4).optional(), hits: z.enum(['any', 'none']).optional(),
  unpublished: z.coerce.boolean().optional(),
  offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const ReviewPage = z.object({ items: z.array(ReviewSummary), total: z.number().int() });

export const DecideInput = z.object({
  ids: z.array(z.string().uuid()).min(1).max(1000).describe('Reviews, each decided at the stage it is in'),
  decision: OpenDecision,
  reason: z.string().trim().min(1).max(2000).describe('Recorded as evidence with the decision'),
  deferYears: z.number().int().min(1).max(100).optional().describe('For closed: re-review after this many years'),
  redaction: Redaction.optional().describe('For redacted: what the portal shows'),
});
export const DecideResult = z.object({ decided: z.number().int(), advanced: z.number().int() });
export const ScanResult = z.object({ jobId: z.string() });
export const PublishResult = z.object({ batchNo: z.string().nullable(), published: z.number().int(), withdrawn: z.number().int() });
export const OpenCatalogueQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export type SensitiveTerm = z.infer<typeof SensitiveTerm>;
export type OpenRule = z.infer<typeof OpenRule>;
export type ScreenHit = z.infer<typeof ScreenHit>;
export type ReviewSummary = z.infer<typeof ReviewSummary>;
export type ReviewDetail = z.infer<typeof ReviewDetail>;
export type OpenDecision = z.infer<typeof OpenDecision>;
export type ReviewStage = z.infer<typeof ReviewStage>;
