import type { ExtraField, RecordFields, SchemeBody } from '@lantai/api';

export interface Issue { path: string; message: string }

/** A real calendar day: 20230230 is refused. */
export function isCalendarDate(d: string): boolean {
  if (!/^\d{8}$/.test(d)) return false;
  const y = Number(d.slice(0, 4)), m = Number(d.slice(4, 6)), day = Number(d.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, day));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === day;
}

/**
 * Checks a record against the scheme it is numbered under and its 门类's extra fields.
 * Returns every problem at once (for import dry runs), each with a zh-CN / English message.
 */
export function validateRecord(f: RecordFields, scheme: SchemeBody, extraFields: ExtraField[]): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, zh: string, en: string) => issues.push({ path, message: `${zh} / ${en}` });
  if (f.docDate) {
    if (!isCalendarDate(f.docDate)) add('docDate', `日期 ${f.docDate} 不是有效日期`, `${f.docDate} is not a calendar date`);
    else if (Number(f.docDate.slice(0, 4)) !== f.year) add('docDate', `日期 ${f.docDate} 与年度 ${f.year} 不符`, `date ${f.docDate} does not fall in year ${f.year}`);
  }
  if (!scheme.retentions.includes(f.retention)) add('retention', `保管期限 ${f.retention} 不在方案允许的范围内`, `retention ${f.retention} is not allowed by the scheme`);
  const orgEl = scheme.codeRule.find((e) => e.field === 'org');
  if (f.orgCode) {
    if (!scheme.orgs.some((o) => o.code === f.orgCode)) add('orgCode', `未知的机构(问题)代码 ${f.orgCode}`, `unknown organisation code ${f.orgCode}`);
  } else if (orgEl && !orgEl.optional) add('orgCode', '缺少机构(问题)代码', 'organisation code is required');
  const catEl = scheme.codeRule.find((e) => e.field === 'catalogueNo');
  if (catEl && !catEl.optional && !f.catalogueNo) add('catalogueNo', '缺少目录号', 'catalogue number is required');
  if (f.scopeCode) {
    const s = scheme.scope.find((e) => e.code === f.scopeCode);
    if (!s) add('scopeCode', `未知的归档范围条目 ${f.scopeCode}`, `unknown scope entry ${f.scopeCode}`);
    else if (!s.archivable) add('scopeCode', `归档范围条目 ${f.scopeCode} 属于不归档范围`, `scope entry ${f.scopeCode} is not to be archived`);
    else if (s.retention !== f.retention) add('retention', `保管期限应为 ${s.retention}（依保管期限表 ${s.code}）`, `retention must be ${s.retention} per schedule entry ${s.code}`);
  }
  const known = new Set(extraFields.map((x) => x.key));
  for (const k of Object.keys(f.extra)) if (!known.has(k)) add(`extra.${k}`, `未定义的扩展字段 ${k}`, `unknown extra field ${k}`);
  for (const x of extraFields) {
    const v = f.extra[x.key];
    if (v === undefined || v === null || v === '') {
      if (x.required) add(`extra.${x.key}`, `缺少${x.label}`, `${x.label} is required`);
      continue;
    }
    if (x.type === 'number' && typeof v !== 'number') add(`extra.${x.key}`, `${x.label}须为数字`, `${x.label} must be a number`);
    if (x.type === 'date' && (typeof v !== 'string' || !isCalendarDate(v))) add(`extra.${x.key}`, `${x.label}须为 YYYYMMDD 日期`, `${x.label} must be a YYYYMMDD date`);
    if (x.type === 'enum' && !x.options?.includes(String(v))) add(`extra.${x.key}`, `${x.label}的值不在可选范围内`, `${x.label} is not one of the options`);
    if (typeof v === 'string' && x.maxLength && v.length > x.maxLength) add(`extra.${x.key}`, `${x.label}超过 ${x.maxLength} 字`, `${x.label} is longer than ${x.maxLength}`);
  }
  return issues;
}
