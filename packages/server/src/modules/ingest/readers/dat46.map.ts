/**
 * DA/T 46 element names (as a package writes them) → Lantai record fields. Values are kept as the
 * package gave them (trimmed); the metadata checks judge length, type and range afterwards, so a
 * bad value is reported, never silently fixed. `source` keeps every element for evidence.
 */
const FIELD: Record<string, string> = {
  题名: 'title', 责任者: 'responsible', 文件编号: 'docNumber', 文号: 'docNumber', 日期: 'docDate', 年度: 'year', 保管期限: 'retention',
  机构或问题: 'orgCode', 目录号: 'catalogueNo', 密级: 'security', 保密期限: 'secrecyPeriod', 页数: 'pages', 档号: 'archivalCode',
  全宗号: 'fondsCode', 室编件号: 'itemNo', 件号: 'itemNo', 顺序号: 'seqNo', 备注: 'remarks', 附注: 'remarks', 主题词: 'subjects', 关键词: 'subjects',
  电子文件号: 'electronicId', 文种: 'docType', 计算机文件名: 'fileName', 计算机文件大小: 'fileSize', 格式信息: 'format', 电子档案名称: 'fileName',
};
const RETENTION: Record<string, string> = { 永久: 'Y', Y: 'Y', 定期30年: 'D30', '30年': 'D30', D30: 'D30', 定期10年: 'D10', '10年': 'D10', D10: 'D10', 长期: 'C', C: 'C', 短期: 'D', D: 'D' };
const SECURITY: Record<string, string> = { 公开: 'public', 无: 'public', 非密: 'public', 内部: 'internal', 秘密: 'mimi', 机密: 'jimi', 绝密: 'juemi' };

export function mapDat46(src: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { source: src };
  for (const [k, raw] of Object.entries(src)) {
    const f = FIELD[k];
    if (!f) continue;
    const v = raw.trim();
    if (f === 'retention') out.retention = RETENTION[v] ?? v;
    else if (f === 'security') out.security = SECURITY[v] ?? v;
    else if (f === 'year') out.year = /^\d{4}$/.test(v) ? Number(v) : v;
    else if (f === 'pages' || f === 'fileSize') out[f] = /^\d+$/.test(v) ? Number(v) : v;
    else if (f === 'docDate') out.docDate = /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10).replace(/-/g, '') : v;
    else if (f === 'subjects') out.subjects = [...((out.subjects as string[]) ?? []), ...v.split(/[\s,，;；]+/).filter(Boolean)];
    else out[f] = v;
  }
  return out;
}

export const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
export const stem = (p: string) => baseName(p).replace(/\.[^.]+$/, '');
