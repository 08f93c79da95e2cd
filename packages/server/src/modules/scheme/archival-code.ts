import type { CodeElement, SchemeBody } from '@lantai/api';

/** The values a 档号 is built from. */
export interface CodeValues {
  fonds: string;
  category: string;
  year: number;
  retention: string;
  org: string;
  catalogueNo: string;
}

/** The element that carries the running number: 案卷号 (volumeNo) in 卷 mode, 件号 (itemNo) in 件 mode. */
export function counterIndex(rule: CodeElement[]): number {
  for (let i = rule.length - 1; i >= 0; i--) if (rule[i]!.field === 'itemNo' || rule[i]!.field === 'volumeNo') return i;
  return -1;
}

function valueOf(el: CodeElement, v: CodeValues): string {
  switch (el.field) {
    case 'fonds': return v.fonds;
    case 'category': return v.category;
    case 'year': return String(v.year);
    case 'retention': return v.retention;
    case 'org': return v.org;
    case 'catalogueNo': return v.catalogueNo;
    case 'text': return el.text ?? '';
    default: return '';
  }
}

const pad = (s: string, n: number) => (n > 0 ? s.padStart(n, '0') : s);

/**
 * Renders the 档号 prefix — everything before the running number — which is also the lowest class
 * the number counts in (DA/T 22: 件号 restarts at 0001 in each lowest class). An optional element
 * with no value is left out together with its connector; a required one with no value is an error.
 */
export function renderPrefix(rule: CodeElement[], v: CodeValues): { prefix: string; missing: string[] } {
  const end = counterIndex(rule);
  let prefix = '';
  const missing: string[] = [];
  rule.slice(0, end < 0 ? rule.length : end).forEach((el) => {
    const raw = valueOf(el, v);
    if (!raw) {
      if (!el.optional) missing.push(el.field);
      return;
    }
    prefix += (prefix ? el.connector : '') + pad(raw, el.pad);
  });
  return { prefix, missing };
}

/** The full 档号: prefix + connector + zero-padded number, then any fixed elements after the number. */
export function renderCode(rule: CodeElement[], prefix: string, seqNo: number): string {
  const i = counterIndex(rule);
  if (i < 0) return prefix;
  const el = rule[i]!;
  let code = prefix + el.connector + pad(String(seqNo), el.pad);
  for (const rest of rule.slice(i + 1)) if (rest.field === 'text' && rest.text) code += rest.connector + rest.text;
  return code;
}

/** 件 inside a 卷: the volume's 档号 + '-' + 4-digit 件号 (DA/T 13 按卷). */
export const itemInVolumeCode = (volumeCode: string, itemNo: number) => `${volumeCode}-${String(itemNo).padStart(4, '0')}`;

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression that matches exactly the 档号 this rule can produce (for DA/T 70 GD-1-7 style checks). */
export function codePattern(rule: CodeElement[], body?: Pick<SchemeBody, 'retentions'>): RegExp {
  let re = '';
  let first = true;
  for (const el of rule) {
    const part = (() => {
      switch (el.field) {
        case 'fonds': return '[0-9A-Z]{4}';
        case 'category': return '[A-Z]{2}(?:·[0-9A-Z]{1,4})?';
        case 'year': return '\\d{4}';
        case 'retention': return `(?:${(body?.retentions ?? ['Y', 'D30', 'D10', 'C', 'D']).join('|')})`;
        case 'org': case 'catalogueNo': return el.pad ? `[0-9A-Z]{${el.pad},6}` : '[0-9A-Z]{1,6}';
        case 'itemNo': case 'volumeNo': return el.pad ? `\\d{${el.pad},}` : '\\d+';
        case 'text': return esc(el.text ?? '');
      }
    })();
    const piece = (first ? '' : esc(el.connector)) + part;
    re += el.optional ? `(?:${piece})?` : piece;
    first = false;
  }
  return new RegExp(`^${re}$`);
}
