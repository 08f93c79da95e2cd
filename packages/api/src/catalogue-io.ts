import { z } from 'zod';
import { RecordQuery } from './catalogue.ts';

/** Text encodings an import may be read in (GBK files are read as GB18030, its superset). */
export const ImportEncoding = z.enum(['utf-8', 'gb18030', 'gbk', 'big5', 'utf-16le', 'utf-16be']);
export type ImportEncoding = z.infer<typeof ImportEncoding>;
export const ImportStatus = z.enum(['uploaded', 'validating', 'validated', 'committing', 'committed', 'failed']);

/**
 * What a column of the file fills: a record field, `org` (机构(问题) code or name), `archivalCode`
 * (legacy 档号, used when keepCodes is on), `fondsCode` / `categoryCode` (checked against the target),
 * or `extra.<key>` for a 门类's own field. A column mapped to null is ignored.
 */
export const ImportTarget = z.string().regex(
  /^(title|responsible|docNumber|docDate|year|retention|org|catalogueNo|security|secrecyPeriod|pages|openStatus|remarks|subjects|scopeCode|archivalCode|fondsCode|categoryCode|extra\.[a-z][a-zA-Z0-9_]{0,39})$/,
  'unknown import target',
);
/** Column header → target (null: ignore the column). */
export const ImportMapping = z.record(z.string().max(200), ImportTarget.nullable());
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportRowIssue = z.object({
  row: z.number().int().describe('Row number in the file as a spreadsheet shows it (the header is row 1)'),
  column: z.string().nullable(), field: z.string().nullable(), code: z.string(), severity: z.enum(['error', 'warning']),
  zh: z.string(), en: z.string(), value: z.string().nullable().describe('The offending cell, cut to 100 characters'),
}).meta({ id: 'ImportRowIssue' });
export type ImportRowIssue = z.infer<typeof ImportRowIssue>;

export const ImportView = z.object({
  id: z.string().uuid(), fondsId: z.string().uuid(), categoryId: z.string().uuid(), filename: z.string(), format: z.enum(['csv', 'xlsx']),
  size: z.number().int(), encoding: z.string(), detectedEncoding: z.string(), status: ImportStatus,
  mapping: ImportMapping.nullable(), keepCodes: z.boolean(), allowSuspectText: z.boolean(),
  totalRows: z.number().int(), errorRows: z.number().int(), errorCount: z.number().int(), warningCount: z.number().int(), committedRows: z.number().int(),
  validateJobId: z.string().nullable(), commitJobId: z.string().nullable(),
  failure: ImportRowIssue.nullable().describe('Why the last validation or commit failed as a whole'),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'ImportView' });
export type ImportView = z.infer<typeof ImportView>;

export const ImportField = z.object({ target: z.string(), label: z.string(), required: z.boolean() });
export const ImportPreview = z.object({
  headers: z.array(z.string()), rows: z.array(z.array(z.string())).describe('The first 20 data rows, cells cut to 200 characters'),
  suggestedMapping: ImportMapping, fromTemplate: z.boolean(), keepCodes: z.boolean(), fields: z.array(ImportField),
  encoding: z.string(), detectedEncoding: z.string(), warnings: z.array(ImportRowIssue),
}).meta({ id: 'ImportPreview' });

export const ImportPreviewQuery = z.object({ encoding: ImportEncoding.optional() });
export const ImportValidateBody = z.object({
  mapping: ImportMapping,
  encoding: ImportEncoding.optional().describe('Override the detected encoding (csv only)'),
  keepCodes: z.boolean().default(false).describe('Keep the 档号 column as the records\' codes instead of numbering anew'),
  allowSuspectText: z.boolean().default(false).describe('Let text that looks like mojibake through as a warning'),
  saveTemplate: z.boolean().default(true).describe('Remember this mapping for the category'),
});
export const ImportErrorsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(50),
  severity: z.enum(['error', 'warning']).optional(),
});
export const ImportsQuery = z.object({ categoryId: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const ImportJobStarted = z.object({ jobId: z.string(), import: ImportView });

export const ImportTemplate = z.object({
  categoryId: z.string().uuid(), mapping: ImportMapping, keepCodes: z.boolean(), updatedBy: z.string(), updatedAt: z.string(),
}).meta({ id: 'ImportTemplate' });
export const ImportTemplateBody = z.object({ categoryId: z.string().uuid(), mapping: ImportMapping, keepCodes: z.boolean().default(false) });

/** The catalogue filters of GET /api/records plus the file format; the export is in 全宗, 档号 order. */
export const RecordExportQuery = RecordQuery.omit({ offset: true, limit: true, sort: true, order: true }).extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
