import { isCalendarDate } from '../../catalogue/record.validate.ts';
import type { CheckDefinition, PackageRecord } from './check.types.ts';
import { clip, codes, collector, str } from './check.kit.ts';

/** Longest value per field (the catalogue's own limits; the archive may lower them). */
const MAX_LENGTH: Record<string, number> = { title: 1000, responsible: 500, docNumber: 200, remarks: 5000, secrecyPeriod: 50, archivalCode: 100 };
const RETENTIONS = ['Y', 'D30', 'D10', 'C', 'D'];
const SECURITIES = ['public', 'internal', 'mimi', 'jimi', 'juemi'];
const TEXT_FIELDS = ['title', 'responsible', 'docNumber', 'remarks', 'archivalCode'];

const each = (def: CheckDefinition, recs: PackageRecord[], fn: (r: PackageRecord, add: (outcome: 'fail' | 'warning', field: string, zh: string, en: string, ev?: Record<string, unknown>) => void) => void, pass: Record<string, unknown> = {}) => {
  const c = collector(def);
  for (const r of recs) fn(r, (outcome, field, zh, en, ev = {}) => c.add({ outcome, subject: r.key, evidence: { field, value: clip(r.metadata[field]), ...ev }, zh: `${r.key}：${zh}`, en: `${r.key}: ${en}` }));
  return c.done({ records: recs.length, ...pass });
};

export const lengthCheck: CheckDefinition = {
  id: 'metadata-length', items: codes('1-2'), property: 'authenticity', zh: '元数据项数据长度检测', en: 'Metadata value lengths', defaults: { maxLength: MAX_LENGTH },
  async run({ pkg, settings }) {
    const max = { ...MAX_LENGTH, ...(settings.maxLength as Record<string, number> | undefined) };
    return each(this, pkg.records, (r, add) => {
      for (const [k, n] of Object.entries(max)) {
        const v = str(r, k);
        if (v.length > n) add('fail', k, `${k} 长度 ${v.length} 超过 ${n}`, `${k} is ${v.length} characters, more than ${n}`, { length: v.length, max: n });
      }
    }, { limits: max });
  },
};

export const typeCheck: CheckDefinition = {
  id: 'metadata-type', items: codes('1-3'), property: 'authenticity', zh: '元数据项数据类型、格式检测', en: 'Metadata types and formats', defaults: {},
  async run({ pkg }) {
    return each(this, pkg.records, (r, add) => {
      const m = r.metadata;
      if (m.year !== undefined && !(typeof m.year === 'number' && Number.isInteger(m.year))) add('fail', 'year', '年度须为 4 位数字', 'year must be a 4-digit number');
      if (m.docDate !== undefined && m.docDate !== '' && !isCalendarDate(String(m.docDate))) add('fail', 'docDate', '日期须为有效的 YYYYMMDD', 'date must be a valid YYYYMMDD');
      if (m.pages !== undefined && !(typeof m.pages === 'number' && Number.isInteger(m.pages) && m.pages >= 0)) add('fail', 'pages', '页数须为非负整数', 'pages must be a whole number');
      for (const f of r.files) {
        const s = f.declared?.size as unknown;
        if (s !== undefined && !(typeof s === 'number' && Number.isInteger(s))) add('fail', 'fileSize', `计算机文件大小须为整数：${clip(s)}`, `computer file size must be a number: ${clip(s)}`);
      }
    });
  },
};

export const rangeCheck: CheckDefinition = {
  id: 'metadata-range', items: codes('1-4'), property: 'authenticity', zh: '设定值域的元数据项值域符合度检测', en: 'Metadata values within their ranges', defaults: {},
  async run({ pkg }) {
    return each(this, pkg.records, (r, add) => {
      const m = r.metadata;
      if (m.retention !== undefined && !RETENTIONS.includes(String(m.retention))) add('fail', 'retention', `保管期限不在值域内：${clip(m.retention)}`, `retention is not one of ${RETENTIONS.join('/')}`);
      if (m.security !== undefined && !SECURITIES.includes(String(m.security))) add('fail', 'security', `密级不在值域内：${clip(m.security)}`, 'security is not a known 密级');
      if (typeof m.year === 'number' && (m.year < 1000 || m.year > 2999)) add('fail', 'year', '年度超出 1000–2999', 'year outside 1000–2999');
    }, { retentions: RETENTIONS, securities: SECURITIES });
  },
};

export const reasonableCheck: CheckDefinition = {
  id: 'metadata-reasonable', items: codes('1-5'), property: 'authenticity', zh: '元数据项数据值合理性检测（年度与日期等）', en: 'Metadata values are reasonable (year vs date …)', defaults: {},
  async run({ pkg }) {
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    return each(this, pkg.records, (r, add) => {
      const d = str(r, 'docDate');
      if (!isCalendarDate(d)) return;
      if (typeof r.metadata.year === 'number' && Number(d.slice(0, 4)) !== r.metadata.year) add('fail', 'docDate', `日期 ${d} 与年度 ${r.metadata.year} 不符`, `date ${d} is not in year ${r.metadata.year}`, { year: r.metadata.year });
      if (d > today) add('fail', 'docDate', `日期 ${d} 晚于今天`, `date ${d} is in the future`, { today });
    });
  },
};

// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\uFFFD\uE000-\uF8FF]/;
export const specialCharCheck: CheckDefinition = {
  id: 'special-characters', items: codes('1-6'), property: 'authenticity', zh: '元数据项数据包含特殊字符检测', en: 'Special characters in metadata', defaults: { fields: TEXT_FIELDS },
  async run({ pkg, settings }) {
    const fields = (settings.fields as string[] | undefined) ?? TEXT_FIELDS;
    return each(this, pkg.records, (r, add) => {
      for (const k of fields) {
        const v = str(r, k);
        const m = BAD_CHARS.exec(v);
        if (m) add(m[0] === '\uFFFD' ? 'fail' : 'warning', k, `${k} 含特殊字符 U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${m[0] === '\uFFFD' ? '（乱码）' : ''}`, `${k} holds U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, { at: m.index });
      }
    });
  },
};

export const requiredCheck: CheckDefinition = {
  id: 'required-fields', items: codes('2-4'), property: 'integrity', zh: '元数据必填著录项目检测', en: 'Required metadata present', defaults: { required: ['title', 'year', 'retention'] },
  async run({ pkg, settings }) {
    const req = (settings.required as string[] | undefined) ?? ['title', 'year', 'retention'];
    return each(this, pkg.records, (r, add) => {
      for (const k of req) if (r.metadata[k] === undefined || r.metadata[k] === null || str(r, k).trim() === '') add('fail', k, `缺少必填项 ${k}`, `required ${k} is missing`);
    }, { required: req });
  },
};

/** GD-2-6: 件号/顺序号 consecutive from the configured start, no gaps, no repeats. */
export const sequenceCheck: CheckDefinition = {
  id: 'sequence', items: codes('2-6'), property: 'integrity', zh: '连续性元数据项检测（件号、顺序号无漏号）', en: 'Sequence numbers without gaps', defaults: { fields: ['itemNo', 'seqNo'], start: 1 },
  async run({ pkg, settings }) {
    const fields = (settings.fields as string[] | undefined) ?? ['itemNo', 'seqNo'];
    const c = collector(this);
    let seen = 0;
    for (const k of fields) {
      const nums = pkg.records.map((r) => str(r, k)).filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => a - b);
      if (!nums.length) continue;
      seen++;
      const start = Number(settings.start ?? 1);
      const gaps: number[] = [];
      let expect = start;
      for (const n of nums) {
        if (n > expect) for (let g = expect; g < n && gaps.length < 50; g++) gaps.push(g);
        expect = Math.max(expect, n + 1);
      }
      const dups = nums.filter((n, i) => i > 0 && nums[i - 1] === n);
      if (gaps.length) c.add({ outcome: 'fail', evidence: { field: k, missing: gaps, first: nums[0], last: nums[nums.length - 1] }, zh: `${k} 漏号：${gaps.slice(0, 10).join('、')}`, en: `${k} has gaps: ${gaps.slice(0, 10).join(', ')}` });
      if (dups.length) c.add({ outcome: 'fail', evidence: { field: k, repeated: [...new Set(dups)].slice(0, 50) }, zh: `${k} 重号`, en: `${k} repeats numbers` });
    }
    if (!seen) return [{ outcome: 'skipped', evidence: { fields }, zh: '信息包未给出连续编号项', en: 'The package gives no sequence numbers' }];
    return c.done({ fields });
  },
};
