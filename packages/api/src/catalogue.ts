import { z } from 'zod';
import { Clearance } from './auth.ts';

/** 保管期限: 永久 Y, 定期30年 D30, 定期10年 D10; legacy 长期 C and 短期 D survive in pre-2006 holdings. */
export const Retention = z.enum(['Y', 'D30', 'D10', 'C', 'D']);
export type Retention = z.infer<typeof Retention>;
/** 开放状态: 未审 · 开放 · 控制使用 · 延期开放. */
export const OpenStatus = z.enum(['unreviewed', 'open', 'controlled', 'deferred']);
export const FondsCode = z.string().regex(/^[0-9A-Z]{4}$/, '全宗号为 4 位数字或大写字母 / 4 digits or capital letters');
export const CategoryCode = z.string().regex(/^[A-Z]{2}(·[0-9A-Z]{1,4})?$/, '门类代码为 2 位大写字母，可加 ·二级类目 / 2 capital letters, optionally ·sub-class');
export const OrgCode = z.string().regex(/^[0-9A-Z]{1,6}$/, '机构(问题)代码为 1–6 位数字或大写字母');
export const Year = z.number().int().min(1000).max(2999);
export const DocDate = z.string().regex(/^(\d{8})?$/, '日期为 8 位数字 YYYYMMDD');

/** Every field optional and WITHOUT defaults: a PATCH changes only what it names. */
const noDefaults = <S extends z.ZodRawShape>(shape: S) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()])) as unknown as { [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]> };
export const Fonds = z.object({
  id: z.string().uuid(), code: z.string(), name: z.string(), agency: z.string(), startYear: z.number().int().nullable(), endYear: z.number().int().nullable(),
  description: z.string(), history: z.string(), archived: z.boolean(), version: z.number().int(),
  recordCount: z.number().int().optional().describe('Top-level records (件 and 卷, not the 件 inside a 卷) within the caller\'s 密级 clearance; in the list and the single fonds'),
}).meta({ id: 'Fonds' });
export type Fonds = z.infer<typeof Fonds>;
export const FondsInput = z.object({
  code: FondsCode, name: z.string().trim().min(1).max(200), agency: z.string().trim().min(1).max(200),
  startYear: Year.nullable().default(null), endYear: Year.nullable().default(null),
  description: z.string().max(20000).default(''), history: z.string().max(50000).default(''),
});
export const FondsPatch = z.object(noDefaults(FondsInput.omit({ code: true }).shape)).extend({ archived: z.boolean().optional(), version: z.number().int() });

/** A custom field a 门类 adds to its records. */
export const ExtraField = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/), label: z.string().min(1).max(50), type: z.enum(['text', 'number', 'date', 'enum']),
  required: z.boolean().default(false), maxLength: z.number().int().min(1).max(10000).optional(), options: z.array(z.string().max(100)).max(200).optional(),
});
export type ExtraField = z.infer<typeof ExtraField>;

export const CodeField = z.enum(['fonds', 'category', 'year', 'retention', 'org', 'catalogueNo', 'volumeNo', 'itemNo', 'text']);
/** One element of a 档号 rule: the connector before it, the value, zero padding. */
export const CodeElement = z.object({
  field: CodeField, connector: z.enum(['', '-', '·', '/', '.']), pad: z.number().int().min(0).max(8).default(0),
  text: z.string().max(20).optional(), optional: z.boolean().default(false),
});
export type CodeElement = z.infer<typeof CodeElement>;
/** One 归档范围 entry with its 保管期限 (the 三合一: class, scope and retention in one row). */
export const ScopeEntry = z.object({
  code: z.string().min(1).max(20), title: z.string().min(1).max(500), examples: z.array(z.string().max(500)).max(50).default([]),
  retention: Retention, archivable: z.boolean().default(true),
});
export const SchemeBody = z.object({
  classOrder: z.array(z.enum(['year', 'org', 'retention'])).min(1).max(3),
  orgs: z.array(z.object({ code: OrgCode, name: z.string().min(1).max(100) })).max(500),
  retentions: z.array(Retention).min(1),
  scope: z.array(ScopeEntry).max(2000),
  codeRule: z.array(CodeElement).min(2).max(12),
});
export type SchemeBody = z.infer<typeof SchemeBody>;
export const Scheme = z.object({
  id: z.string().uuid(), categoryId: z.string().uuid(), version: z.number().int(), status: z.enum(['draft', 'approved', 'retired']), body: SchemeBody,
  note: z.string(), createdBy: z.string(), createdAt: z.string(), approvedBy: z.string().nullable(), approvedAt: z.string().nullable(),
  editVersion: z.number().int().describe('Edit counter of this version (optimistic concurrency): PUT /api/schemes/:id must send the one it started from'),
}).meta({ id: 'Scheme' });
/** A draft edit names the editVersion it started from; a stale one gets 409 stale_version. */
export const SchemeDraftUpdate = z.object({ body: SchemeBody, note: z.string().max(2000).optional(), editVersion: z.number().int() });
export type Scheme = z.infer<typeof Scheme>;

export const Category = z.object({
  id: z.string().uuid(), fondsId: z.string().uuid(), code: z.string(), name: z.string(), mode: z.enum(['item', 'volume']),
  extraFields: z.array(ExtraField), version: z.number().int(), currentSchemeId: z.string().uuid().nullable(),
}).meta({ id: 'Category' });
export type Category = z.infer<typeof Category>;
/** template: a ready-made scheme (WS 文书 by 件, KJ 会计 by 卷) or an empty custom one. */
export const CategoryInput = z.object({
  template: z.enum(['WS', 'KJ', 'custom']), code: CategoryCode.optional(), name: z.string().trim().min(1).max(100).optional(),
  mode: z.enum(['item', 'volume']).optional(), extraFields: z.array(ExtraField).max(100).default([]),
});

export const RecordFields = z.object({
  title: z.string().trim().min(1).max(1000),
  responsible: z.string().trim().max(500).default(''),
  docNumber: z.string().trim().max(200).default(''),
  docDate: DocDate.default(''),
  year: Year,
  retention: Retention,
  orgCode: z.string().regex(/^([0-9A-Z]{1,6})?$/).default(''),
  catalogueNo: z.string().regex(/^([0-9A-Z]{1,6})?$/).default(''),
  security: Clearance.default('public'),
  secrecyPeriod: z.string().max(50).default(''),
  pages: z.number().int().min(0).max(1_000_000).nullable().default(null),
  openStatus: OpenStatus.default('unreviewed'),
  remarks: z.string().max(5000).default(''),
  subjects: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  scopeCode: z.string().max(20).default(''),
  extra: z.record(z.string(), z.union([z.string().max(10000), z.number(), z.null()])).default({}),
});
export type RecordFields = z.infer<typeof RecordFields>;
export const RecordCreate = RecordFields.extend({ categoryId: z.string().uuid(), parentId: z.string().uuid().optional(), kind: z.enum(['item', 'volume']).optional() });
export const RecordPatch = z.object(noDefaults(RecordFields.shape)).extend({ version: z.number().int().describe('The version you edited; a stale one gets 409 conflict') });

export const ArchivalRecord = RecordFields.extend({
  id: z.string().uuid(), fondsId: z.string().uuid(), categoryId: z.string().uuid(), schemeId: z.string().uuid(), kind: z.enum(['item', 'volume']),
  parentId: z.string().uuid().nullable(), status: z.enum(['draft', 'archived']), archivalCode: z.string(), seqNo: z.number().int(),
  version: z.number().int(), createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(), archivedAt: z.string().nullable(),
  fileCount: z.number().int().optional(),
}).meta({ id: 'ArchivalRecord' });
export type ArchivalRecord = z.infer<typeof ArchivalRecord>;

/** A page of the record table; totalCapped: the total only says "at least this many". */
export const RecordPage = z.object({
  items: z.array(ArchivalRecord), total: z.number().int(), totalCapped: z.boolean(), offset: z.number().int(), limit: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as `after` for the next page (keyset paging, as fast deep in as on page 1); null on the last page'),
}).meta({ id: 'RecordPage' });
export const RecordSort = z.enum(['archivalCode', 'docDate', 'title', 'updatedAt', 'year']);
export const RecordQuery = z.object({
  fondsId: z.string().uuid().optional(), categoryId: z.string().uuid().optional(), parentId: z.string().uuid().optional(),
  year: z.coerce.number().int().optional(), retention: Retention.optional(), orgCode: z.string().max(6).optional(),
  status: z.enum(['draft', 'archived']).optional(), security: Clearance.optional(), openStatus: OpenStatus.optional(),
  q: z.string().max(200).optional().describe('Substring of 题名, 档号, 文号 or 责任者'),
  level: z.enum(['all', 'top']).default('all').describe('top: 件 and 卷 at the top level only, without the 件 inside a 卷'),
  sort: RecordSort.default('archivalCode'), order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).max(100_000).default(0), limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(2000).optional().describe('Keyset cursor: the nextCursor of the page before, with the same filters, sort and order; replaces offset'),
});
export const BatchEdit = z.object({
  ids: z.array(z.string().uuid()).min(1).max(1000),
  set: z.object(noDefaults(RecordFields.pick({ responsible: true, security: true, openStatus: true, remarks: true, secrecyPeriod: true, pages: true }).shape)),
});
export const RenumberBody = z.object({ categoryId: z.string().uuid(), year: Year, retention: Retention, orgCode: z.string().max(6).default('') });
/** Counts per lowest class; the client nests them in the scheme's classOrder (年度 / 保管期限 / 机构). */
export const TreeCounts = z.object({
  classOrder: z.array(z.enum(['year', 'org', 'retention'])),
  orgs: z.array(z.object({ code: z.string(), name: z.string() })),
  groups: z.array(z.object({ year: z.number().int(), retention: Retention, orgCode: z.string(), count: z.number().int() })),
});
export const RecordVersion = z.object({ version: z.number().int(), action: z.string(), actor: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()) });
export const RecordFile = z.object({
  id: z.string().uuid(), recordId: z.string().uuid(), role: z.enum(['original', 'preservation', 'access']), filename: z.string(), mime: z.string(),
  size: z.number().int(), sha256: z.string(), sm3: z.string(), createdBy: z.string(), createdAt: z.string(),
}).meta({ id: 'RecordFile' });
