import { z } from 'zod';
import { Clearance } from './auth.ts';
import { OpenStatus, Retention } from './catalogue.ts';

export const SearchFacetName = z.enum(['fonds', 'category', 'year', 'retention', 'security', 'openStatus', 'fileFormat']);
export type SearchFacetName = z.infer<typeof SearchFacetName>;
export const SearchField = z.enum(['title', 'subjects', 'responsible', 'docNumber', 'archivalCode', 'content']);
export type SearchField = z.infer<typeof SearchField>;

/** Full-text search over the catalogue and the text of record files. */
export const SearchRequest = z.object({
  q: z.string().max(10_000).default('').describe('Words, "phrases", -exclude, field:value (题名 主题词 责任者 文号 档号 全文), pinyin, 档号/文号 fragments'),
  fields: z.partialRecord(SearchField, z.string().max(1000)).default({}).describe('Advanced form: one condition per field, ANDed with q'),
  filters: z.object({
    fondsCodes: z.array(z.string().max(20)).max(200).optional(),
    categoryCodes: z.array(z.string().max(20)).max(200).optional(),
    yearFrom: z.number().int().min(1000).max(2999).optional(),
    yearTo: z.number().int().min(1000).max(2999).optional(),
    retention: z.array(Retention).optional(),
    security: z.array(Clearance).optional(),
    openStatus: z.array(OpenStatus).optional(),
    fileFormat: z.array(z.string().max(10)).max(50).optional(),
    status: z.array(z.enum(['draft', 'archived'])).optional(),
  }).default({}),
  facets: z.array(SearchFacetName).max(7).default([]),
  sort: z.enum(['relevance', 'archivalCode', 'date']).default('relevance'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).nullable().optional().describe('nextCursor of the previous page'),
  offset: z.number().int().min(0).max(10_000).optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

export const Highlighted = z.object({ text: z.string(), marks: z.array(z.tuple([z.number().int(), z.number().int()])).describe('[start, end) UTF-16 ranges of matched words') });
export type Highlighted = z.infer<typeof Highlighted>;
export const SearchHit = z.object({
  id: z.string().uuid(), fondsCode: z.string(), categoryCode: z.string(), archivalCode: z.string(), title: z.string(), responsible: z.string(),
  docNumber: z.string(), docDate: z.string(), year: z.number().int(), retention: Retention, security: Clearance, openStatus: OpenStatus,
  status: z.enum(['draft', 'archived']), score: z.number(), titleHighlight: Highlighted,
  snippets: z.array(Highlighted.extend({ field: z.enum(['title', 'subjects', 'responsible', 'docNumber', 'archivalCode', 'content', 'other']) })),
}).meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHit>;
export const FacetBucket = z.object({ value: z.string(), count: z.number().int() });
export const SearchResponse = z.object({
  hits: z.array(SearchHit),
  total: z.object({ value: z.number().int(), exact: z.boolean().describe('false: an estimate from a sample, shown as 约 N 条') }),
  facets: z.partialRecord(SearchFacetName, z.array(FacetBucket)),
  nextCursor: z.string().nullable(),
  sampled: z.boolean().describe('true: very common words; the ranking is over a uniform sample of the matches'),
  parsed: z.object({ terms: z.array(z.string()), phrases: z.array(z.string()), excluded: z.array(z.string()), fields: z.array(z.object({ field: SearchField, value: z.string() })) }),
  tookMs: z.number().int(),
}).meta({ id: 'SearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponse>;

export const SearchStatus = z.object({
  documents: z.number().int(),
  pending: z.number().int().describe('record changes not yet in the text index'),
  lagSeconds: z.number().int().describe('age of the oldest of them'),
  reindexJobId: z.string().nullable().describe('the running or last full reindex'),
}).meta({ id: 'SearchStatus' });
export type SearchStatus = z.infer<typeof SearchStatus>;
