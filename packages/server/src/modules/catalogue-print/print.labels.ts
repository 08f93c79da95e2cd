import type { Clearance, Retention } from '@lantai/api';

/** 保管期限 as printed on forms. */
export const RETENTION_ZH: Record<Retention, string> = { Y: '永久', D30: '定期30年', D10: '定期10年', C: '长期', D: '短期' };

/** 密级 as printed on forms. */
export const SECURITY_ZH: Record<Clearance, string> = { public: '公开', internal: '内部', mimi: '秘密', jimi: '机密', juemi: '绝密' };

export const retentionZh = (r: string) => RETENTION_ZH[r as Retention] ?? r;
export const securityZh = (s: string) => SECURITY_ZH[s as Clearance] ?? s;

/** 日期 column: 8 digits YYYYMMDD (stored that way; anything else printed as is). */
export const printDate = (d: string) => d.replace(/\D/g, '').length === 8 ? d.replace(/\D/g, '') : d;

/** 2024年3月5日 from YYYYMMDD; blank slots to fill in by hand when there is no date. */
export const longDate = (d?: string) =>
  d && /^\d{8}$/.test(d) ? `${d.slice(0, 4)}年${Number(d.slice(4, 6))}月${Number(d.slice(6, 8))}日` : '        年      月      日';

/** RFC 6266 / 5987 content-disposition: an ASCII fallback plus the UTF-8 name. */
export function contentDisposition(filename: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  const utf8 = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}
