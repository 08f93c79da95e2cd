import { z } from 'zod';
import { DocDate, Retention } from './catalogue.ts';

/** One lowest class of a 门类 (年度 · 保管期限 · 机构(问题)); without orgCode every 机构 of the year and retention. */
export const PrintClassQuery = z.object({
  categoryId: z.string().uuid(),
  year: z.coerce.number().int().min(1000).max(2999),
  retention: Retention,
  orgCode: z.string().regex(/^([0-9A-Z]{1,6})?$/).optional().describe('机构(问题)代码; omit for every 机构 of the year and retention'),
  status: z.enum(['draft', 'archived']).optional().describe('Only drafts or only archived records; default both'),
});

/** The class split into 档案盒 of perBox 件 (or 卷), numbered from startBox. */
export const PrintBoxQuery = PrintClassQuery.extend({
  perBox: z.coerce.number().int().min(1).max(1000).default(20).describe('件 (or 卷) per box'),
  startBox: z.coerce.number().int().min(1).max(99999).default(1).describe('盒号 of the first box'),
});

export const BoxSpineQuery = PrintBoxQuery.extend({
  spineWidth: z.coerce.number().int().min(15).max(80).default(30).describe('盒脊 width in mm (common boxes: 20, 30, 40, 50)'),
});

/** 备考表: 整理人, 检查人 and 日期 are printed when given, else left blank to fill in by hand. */
export const ReferenceSheetQuery = PrintBoxQuery.extend({
  arranger: z.string().trim().max(50).optional().describe('整理人'),
  checker: z.string().trim().max(50).optional().describe('检查人'),
  date: DocDate.optional().describe('日期 YYYYMMDD'),
});

export const VolumeSheetQuery = ReferenceSheetQuery.pick({ arranger: true, checker: true, date: true });
