import type { z } from 'zod';
import type { Issue } from '../catalogue/record.validate.ts';
import type { RowIssue } from './import.row.ts';

/** Every row-level problem an import reports: a stable code and its zh-CN / English text ({0}, {1}: parameters). */
export const ROW_MESSAGES = {
  cell_too_large: ['单元格过长（{1} 字），上限为 {2} 字', 'The cell is too long ({1} characters; at most {2})'],
  encoding_invalid: ['含有无法识别的字符（编码错误），请确认文件编码', 'Contains characters the encoding cannot read; check the file encoding'],
  suspect_mojibake: ['疑似乱码（文件编码可能识别错误）：{0}', 'Looks like mojibake (wrong encoding?): {0}'],
  bad_year: ['年度应为 4 位数字：{0}', 'Year must be 4 digits: {0}'],
  bad_date: ['日期格式不正确：{0}（应为 YYYYMMDD）', 'Not a date: {0} (use YYYYMMDD)'],
  date_year_mismatch: ['日期与年度不符：{0}', 'The date does not fall in the year: {0}'],
  bad_number: ['应为数字：{0}', 'Must be a number: {0}'],
  unknown_retention: ['无法识别的保管期限：{0}（永久 / 定期30年 / 定期10年 / 长期 / 短期）', 'Unknown retention: {0} (Y / D30 / D10 / C / D)'],
  retention_not_allowed: ['保管期限不在分类方案允许的范围内：{0}', 'The scheme does not allow this retention: {0}'],
  retention_mismatch: ['保管期限与保管期限表不符：{0}', 'Retention differs from the retention schedule: {0}'],
  unknown_security: ['无法识别的密级：{0}（公开 / 内部 / 秘密 / 机密 / 绝密）', 'Unknown security class: {0}'],
  unknown_open_status: ['无法识别的开放状态：{0}', 'Unknown open status: {0}'],
  unknown_org: ['分类方案中没有此机构(问题)：{0}', 'The scheme has no such organisation code or name: {0}'],
  unknown_scope: ['分类方案中没有此归档范围条目：{0}', 'The scheme has no such scope entry: {0}'],
  scope_not_archivable: ['该归档范围条目属于不归档范围：{0}', 'That scope entry is not to be archived: {0}'],
  unknown_extra: ['未定义的扩展字段：{0}', 'Unknown extra field: {0}'],
  bad_extra: ['扩展字段取值不正确：{0}', 'Bad value for an extra field: {0}'],
  bad_fonds_code: ['全宗号应为 4 位数字或大写字母：{0}', 'A fonds code is 4 digits or capital letters: {0}'],
  fonds_mismatch: ['全宗号 {0} 与导入目标全宗 {1} 不符', 'Fonds code {0} is not the target fonds {1}'],
  category_mismatch: ['门类代码 {0} 与导入目标门类 {1} 不符', 'Category code {0} is not the target category {1}'],
  missing_required: ['缺少必填项', 'A required value is missing'],
  too_long: ['内容过长：{0}', 'Too long: {0}'],
  bad_value: ['取值不正确：{0}', 'Not a valid value: {0}'],
  security_above_clearance: ['密级 {0} 高于您的涉密权限', 'Security class {0} is above your clearance'],
  missing_code: ['保留原档号时每行都须有档号', 'Keeping codes needs a 档号 on every row'],
  bad_code: ['档号不符合分类方案的档号规则：{0}', 'The 档号 does not fit the scheme\'s code rule: {0}'],
  code_class_mismatch: ['档号与本行的年度、保管期限、机构(问题)不符（应以 {1} 开头）：{0}', 'The 档号 does not match the row\'s class (should start {1}): {0}'],
  duplicate_code: ['档号在文件中重复（与第 {1} 行相同）：{0}', 'Duplicate 档号 in the file (same as row {1}): {0}'],
  code_exists: ['档号已存在于库中：{0}', 'The 档号 already exists: {0}'],
  row_unreadable: ['该行无法读取：{0}', 'The row cannot be read: {0}'],
  no_rows: ['文件中没有数据行', 'The file has no data rows'],
  column_unmapped: ['必填项 {0} 没有对应的列', 'No column is mapped to the required field {0}'],
  db_rejected: ['数据库拒绝写入：{0}', 'The database refused the row: {0}'],
} as const satisfies Record<string, readonly [string, string]>;
export type RowCode = keyof typeof ROW_MESSAGES;

const fill = (tpl: string, p: string[]) => tpl.replace(/\{(\d)\}/g, (_, i: string) => p[Number(i)] ?? '');
export const cut = (v: string, n = 100) => (v.length > n ? `${v.slice(0, n)}…` : v);

/** An issue; params[0] is the value (cut to 100 characters for the message). */
export function issue(code: RowCode, column: string | null, field: string | null, value: string, ...more: string[]): RowIssue {
  const p = [cut(value, 60), ...more];
  const [zh, en] = ROW_MESSAGES[code];
  return { column, field, code, severity: 'error', zh: fill(zh, p), en: fill(en, p), value: value === '' ? null : cut(value) };
}

export function fromZod(z: z.core.$ZodIssue, column: string | null, field: string): RowIssue {
  const input = (z as { input?: unknown }).input;
  const value = typeof input === 'string' || typeof input === 'number' ? String(input) : '';
  if (z.code === 'too_big') return issue('too_long', column, field, value);
  if (input === undefined || input === '' || (z.code === 'too_small' && value.trim() === '')) return issue('missing_required', column, field, value);
  return issue('bad_value', column, field, value);
}

/** validateRecord speaks in paths and messages; give each its code. */
export function fromValidateRecord(x: Issue, column: string | null): RowIssue {
  const [zh = x.message, en = x.message] = x.message.split(' / ');
  const m = x.message;
  const code: RowCode = x.path === 'docDate' ? (m.includes('不符') ? 'date_year_mismatch' : 'bad_date')
    : x.path === 'retention' ? (m.includes('保管期限表') ? 'retention_mismatch' : 'retention_not_allowed')
    : x.path === 'orgCode' ? (m.includes('缺少') ? 'missing_required' : 'unknown_org')
    : x.path === 'scopeCode' ? (m.includes('不归档') ? 'scope_not_archivable' : 'unknown_scope')
    : x.path === 'catalogueNo' || m.startsWith('缺少') ? 'missing_required'
    : x.path.startsWith('extra.') ? (m.includes('未定义') ? 'unknown_extra' : 'bad_extra') : 'bad_value';
  return { column, field: x.path, code, severity: 'error', zh, en, value: null };
}
