import dayjs, { type Dayjs } from 'dayjs';
import type { Category, ExtraField } from '@lantai/api';
import type { ArchivalRecord, RecordCreate } from './catalogue.api.ts';

export type RecordFields = Omit<RecordCreate, 'categoryId' | 'parentId' | 'kind'>;

/** The form's values: dates as Dayjs, everything else as the API has it. */
export interface FormValues extends Omit<RecordFields, 'docDate' | 'extra' | 'pages'> {
  docDate: Dayjs | null;
  pages: number | null;
  extra: Record<string, string | number | Dayjs | null | undefined>;
}

export const ymdToDay = (s: string | null | undefined): Dayjs | null =>
  s && /^\d{8}$/.test(s) ? dayjs(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`) : null;
export const dayToYmd = (d: Dayjs | null | undefined): string => (d ? d.format('YYYYMMDD') : '');

/** Server messages of record checks read "中文 / English": the half in the UI language. */
export function issueText(message: string, lang: 'zh' | 'en'): string {
  const parts = message.split(' / ');
  return parts.length === 2 ? (lang === 'en' ? parts[1]! : parts[0]!) : message;
}

/** The form field an issue path names ("body.title", "docDate", "extra.amount"), or null for record-level ones. */
export function issueField(path: string, extra: readonly ExtraField[]): (string | number)[] | null {
  const p = path.replace(/^body\./, '').split('.');
  if (p[0] === 'extra' && p[1] && extra.some((x) => x.key === p[1])) return ['extra', p[1]];
  return p[0] && FIELD_NAMES.has(p[0]) ? [p[0]] : null;
}
const FIELD_NAMES = new Set([
  'title', 'responsible', 'docNumber', 'docDate', 'year', 'retention', 'orgCode', 'catalogueNo', 'security', 'secrecyPeriod',
  'pages', 'openStatus', 'remarks', 'subjects', 'scopeCode',
]);

export function toForm(r: Partial<ArchivalRecord>, category: Category): FormValues {
  const extra: FormValues['extra'] = {};
  for (const x of category.extraFields) {
    const v = r.extra?.[x.key];
    extra[x.key] = x.type === 'date' ? ymdToDay(typeof v === 'string' ? v : null) : (v ?? undefined);
  }
  return {
    title: r.title ?? '', responsible: r.responsible ?? '', docNumber: r.docNumber ?? '', docDate: ymdToDay(r.docDate),
    year: r.year ?? new Date().getFullYear(), retention: r.retention ?? 'Y', orgCode: r.orgCode ?? '', catalogueNo: r.catalogueNo ?? '',
    security: r.security ?? 'public', secrecyPeriod: r.secrecyPeriod ?? '', pages: r.pages ?? null, openStatus: r.openStatus ?? 'unreviewed',
    remarks: r.remarks ?? '', subjects: r.subjects ?? [], scopeCode: r.scopeCode ?? '', extra,
  };
}

export function fromForm(v: FormValues, category: Category): RecordFields {
  const extra: RecordFields['extra'] = {};
  for (const x of category.extraFields) {
    const e = v.extra?.[x.key];
    if (e === undefined || e === null || e === '') continue;
    extra[x.key] = x.type === 'date' ? dayToYmd(e as Dayjs) : x.type === 'number' ? Number(e) : String(e);
  }
  return {
    title: v.title.trim(), responsible: (v.responsible ?? '').trim(), docNumber: (v.docNumber ?? '').trim(), docDate: dayToYmd(v.docDate),
    year: v.year, retention: v.retention, orgCode: v.orgCode ?? '', catalogueNo: v.catalogueNo ?? '', security: v.security,
    secrecyPeriod: v.secrecyPeriod ?? '', pages: v.pages ?? null, openStatus: v.openStatus, remarks: v.remarks ?? '',
    subjects: v.subjects ?? [], scopeCode: v.scopeCode ?? '', extra,
  };
}
