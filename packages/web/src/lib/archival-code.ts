import type { CodeElement, SchemeBody } from '@lantai/api';

/**
 * The 档号 rule evaluated in the browser, for the scheme editor's live preview. A copy of the server's
 * packages/server/src/modules/scheme/archival-code.ts (renderPrefix / renderCode / counterIndex): keep them alike.
 */
export interface CodeValues {
  fonds: string;
  category: string;
  year: number;
  retention: string;
  org: string;
  catalogueNo: string;
}

/** The element that carries the running number: 案卷号 (volumeNo) in 卷 mode, 件号 (itemNo) in 件 mode. */
export function counterIndex(rule: readonly CodeElement[]): number {
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

/** Everything before the running number; an optional element without a value is left out with its connector. */
export function renderPrefix(rule: readonly CodeElement[], v: CodeValues): { prefix: string; missing: string[] } {
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

/** The full 档号: prefix + connector + zero-padded number, then any fixed text elements after the number. */
export function renderCode(rule: readonly CodeElement[], prefix: string, seqNo: number): string {
  const i = counterIndex(rule);
  if (i < 0) return prefix;
  const el = rule[i]!;
  let code = prefix + el.connector + pad(String(seqNo), el.pad);
  for (const rest of rule.slice(i + 1)) if (rest.field === 'text' && rest.text) code += rest.connector + rest.text;
  return code;
}

/** Problems the server's checkBody would refuse, found before saving. */
export function ruleProblems(body: SchemeBody, mode: 'item' | 'volume'): ('counter' | 'twoCounters' | 'dupScope')[] {
  const out: ('counter' | 'twoCounters' | 'dupScope')[] = [];
  const i = counterIndex(body.codeRule);
  if (i < 0 || body.codeRule[i]!.field !== (mode === 'item' ? 'itemNo' : 'volumeNo')) out.push('counter');
  if (body.codeRule.filter((e) => e.field === 'itemNo' || e.field === 'volumeNo').length > 1) out.push('twoCounters');
  const codes = body.scope.map((s) => s.code);
  if (new Set(codes).size !== codes.length) out.push('dupScope');
  return out;
}

/** A starting scheme for a custom 门类 that has none yet: 全宗号-门类-年度-保管期限-件号/案卷号. */
export function starterBody(mode: 'item' | 'volume'): SchemeBody {
  return {
    classOrder: ['year', 'retention'],
    orgs: [],
    retentions: ['Y', 'D30', 'D10'],
    scope: [],
    codeRule: [
      { field: 'fonds', connector: '', pad: 0, optional: false },
      { field: 'category', connector: '-', pad: 0, optional: false },
      { field: 'year', connector: '-', pad: 0, optional: false },
      { field: 'retention', connector: '-', pad: 0, optional: false },
      { field: mode === 'item' ? 'itemNo' : 'volumeNo', connector: '-', pad: mode === 'item' ? 4 : 3, optional: false },
    ],
  };
}
