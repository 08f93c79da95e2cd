import type { ExtraField, ImportMapping } from '@lantai/api';

/** The columns an import understands, with their Chinese names (DA/T 22 目录 and DA/T 46) and aliases. */
export const FIELDS: { target: string; label: string; required?: boolean; aliases: string[] }[] = [
  { target: 'archivalCode', label: '档号', aliases: ['档号', 'archivalcode', '档案号'] },
  { target: 'fondsCode', label: '全宗号', aliases: ['全宗号', '全宗代码', 'fondscode'] },
  { target: 'categoryCode', label: '门类代码', aliases: ['门类代码', '档案门类代码', '门类', 'categorycode'] },
  { target: 'year', label: '年度', required: true, aliases: ['年度', '归档年度', 'year'] },
  { target: 'retention', label: '保管期限', required: true, aliases: ['保管期限', '保管期限代码', 'retention'] },
  { target: 'org', label: '机构(问题)', aliases: ['机构(问题)', '机构（问题）', '机构(问题)代码', '机构（问题）代码', '机构代码', '机构', '问题', '部门', 'orgcode', 'org'] },
  { target: 'catalogueNo', label: '目录号', aliases: ['目录号', 'catalogueno'] },
  { target: 'title', label: '题名', required: true, aliases: ['题名', '文件题名', '标题', 'title'] },
  { target: 'responsible', label: '责任者', aliases: ['责任者', '发文机关', '作者', 'responsible'] },
  { target: 'docNumber', label: '文号', aliases: ['文号', '文件编号', '发文字号', 'docnumber'] },
  { target: 'docDate', label: '日期', aliases: ['日期', '成文日期', '文件日期', '形成日期', 'docdate', 'date'] },
  { target: 'security', label: '密级', aliases: ['密级', 'security'] },
  { target: 'secrecyPeriod', label: '保密期限', aliases: ['保密期限', 'secrecyperiod'] },
  { target: 'pages', label: '页数', aliases: ['页数', 'pages'] },
  { target: 'openStatus', label: '开放状态', aliases: ['开放状态', '开放', 'openstatus'] },
  { target: 'remarks', label: '备注', aliases: ['备注', '附注', 'remarks'] },
  { target: 'subjects', label: '主题词', aliases: ['主题词', '关键词', 'subjects'] },
  { target: 'scopeCode', label: '归档范围', aliases: ['归档范围', '归档范围条目', '分类号', 'scopecode'] },
];

export const fieldList = (extra: ExtraField[]) => [
  ...FIELDS.map((f) => ({ target: f.target, label: f.label, required: f.required ?? false })),
  ...extra.map((x) => ({ target: `extra.${x.key}`, label: x.label, required: x.required })),
];

const norm = (s: string) => s.toLowerCase().replace(/（/g, '(').replace(/）/g, ')').replace(/[\s_\-·]/g, '');

/** A guess from header names; a column the guess does not know is ignored (null). Each target is used once. */
export function suggestMapping(headers: string[], extra: ExtraField[]): ImportMapping {
  const byAlias = new Map<string, string>();
  for (const f of FIELDS) for (const a of f.aliases) byAlias.set(norm(a), f.target);
  for (const x of extra) { byAlias.set(norm(x.label), `extra.${x.key}`); byAlias.set(norm(x.key), `extra.${x.key}`); }
  const used = new Set<string>();
  const out: ImportMapping = {};
  for (const h of headers) {
    const t = byAlias.get(norm(h)) ?? null;
    out[h] = t && !used.has(t) ? t : null;
    if (t) used.add(t);
  }
  return out;
}

const RETENTION: Record<string, 'Y' | 'D30' | 'D10' | 'C' | 'D'> = {
  y: 'Y', 永久: 'Y', d30: 'D30', 定期30年: 'D30', '30年': 'D30', '30': 'D30', d10: 'D10', 定期10年: 'D10', '10年': 'D10', '10': 'D10',
  c: 'C', 长期: 'C', d: 'D', 短期: 'D',
};
export const parseRetention = (v: string) => RETENTION[v.replace(/\s/g, '').toLowerCase()];

const SECURITY: Record<string, 'public' | 'internal' | 'mimi' | 'jimi' | 'juemi'> = {
  公开: 'public', 非密: 'public', 无: 'public', public: 'public', 内部: 'internal', internal: 'internal',
  秘密: 'mimi', mimi: 'mimi', 机密: 'jimi', jimi: 'jimi', 绝密: 'juemi', juemi: 'juemi',
};
export const parseSecurity = (v: string) => (v === '' ? 'public' : SECURITY[v.replace(/[\s★]/g, '').toLowerCase()]);

const OPEN: Record<string, 'unreviewed' | 'open' | 'controlled' | 'deferred'> = {
  未审: 'unreviewed', 未鉴定: 'unreviewed', unreviewed: 'unreviewed', 开放: 'open', open: 'open',
  控制使用: 'controlled', 控制: 'controlled', controlled: 'controlled', 延期开放: 'deferred', 延期: 'deferred', deferred: 'deferred',
};
export const parseOpenStatus = (v: string) => (v === '' ? 'unreviewed' : OPEN[v.replace(/\s/g, '').toLowerCase()]);

/**
 * A date as YYYYMMDD: 20210315, 2021-03-15, 2021/3/15, 2021.03.15, 2021年3月15日, or an Excel day serial
 * (a 5-digit number). Returns undefined for anything else; calendar validity is checked later.
 */
export function parseDate(v: string): string | undefined {
  if (/^\d{8}$/.test(v)) return v;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(v);
  if (m) return `${m[1]}${m[2]!.padStart(2, '0')}${m[3]!.padStart(2, '0')}`;
  if (/^\d{5}(\.\d+)?$/.test(v)) {
    const d = new Date(Math.round((Number(v) - 25569) * 86_400_000));
    return d.toISOString().slice(0, 10).replace(/-/g, '');
  }
  return undefined;
}

export const parseYear = (v: string) => (/^\d{4}(年)?$/.test(v) ? Number(v.slice(0, 4)) : undefined);
export const parseCount = (v: string) => (/^\d+(\.0+)?$/.test(v) ? Number(v.split('.')[0]) : /^\d+\s*页$/.test(v) ? Number.parseInt(v, 10) : undefined);
export const splitSubjects = (v: string) => v.split(/[;；,，、\s]+/).map((s) => s.trim()).filter(Boolean);

/** Export writes "'" before text that a spreadsheet would run as a formula; an import takes it back off. */
export const unneutralise = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
