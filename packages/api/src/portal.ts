import { z } from 'zod';

// The public portal (no login): opened records as published in the 开放目录, their files, and notices.
// Anything not published answers exactly like something that does not exist.

export const PortalSearchQuery = z.object({
  q: z.string().max(200).default('').describe('Words in 题名, 档号, 文号 or 责任者 (all must match)'),
  year: z.coerce.number().int().min(1000).max(2999).optional(),
  fonds: z.string().regex(/^[0-9A-Z]{4}$/).optional(),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const PortalRecordSummary = z.object({
  id: z.string().uuid(), archivalCode: z.string(), title: z.string(), year: z.number().int(), docDate: z.string(),
  fondsCode: z.string(), fondsName: z.string(), categoryName: z.string(), redacted: z.boolean(), fileCount: z.number().int(),
});
export const PortalSearchResult = z.object({ items: z.array(PortalRecordSummary), total: z.number().int() });
export const PortalFile = z.object({ id: z.string().uuid(), filename: z.string(), mime: z.string(), kind: z.enum(['image', 'pdf']) });
export const PortalRecord = PortalRecordSummary.extend({
  responsible: z.string(), docNumber: z.string(), pages: z.number().int().nullable(), publishedAt: z.string(), files: z.array(PortalFile),
});
export const PortalFilePages = z.object({ pages: z.number().int(), iiif: z.array(z.string()).describe('IIIF Image API 3 info.json of each page') });
export const PortalFonds = z.object({ code: z.string(), name: z.string(), count: z.number().int() });

/** Notices: plain text (never HTML); the portal renders them as text, paragraphs split on blank lines. */
export const Notice = z.object({
  id: z.string().uuid(), title: z.string(), body: z.string(), published: z.boolean(), version: z.number().int(),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
export const PublicNotice = Notice.pick({ id: true, title: true, body: true, updatedAt: true });
export const NoticeInput = z.object({ title: z.string().trim().min(1).max(200), body: z.string().max(20_000).default(''), published: z.boolean().default(false) });
export const NoticePatch = z.object({
  title: z.string().trim().min(1).max(200).optional(), body: z.string().max(20_000).optional(), published: z.boolean().optional(), version: z.number().int(),
});

export type PortalRecordSummary = z.infer<typeof PortalRecordSummary>;
export type PortalRecord = z.infer<typeof PortalRecord>;
export type PortalSearchResult = z.infer<typeof PortalSearchResult>;
export type PortalFile = z.infer<typeof PortalFile>;
export type Notice = z.infer<typeof Notice>;
export type PublicNotice = z.infer<typeof PublicNotice>;
