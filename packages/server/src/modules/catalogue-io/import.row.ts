import { RecordFields, type Clearance, type ExtraField, type ImportEncoding, type ImportMapping, type ImportRowIssue, type SchemeBody } from '@lantai/api';
import { classOf, type NumberingTarget } from '../catalogue/record.numbering.ts';
import { validateRecord } from '../catalogue/record.validate.ts';
import { codePattern, counterIndex, renderCode } from '../scheme/archival-code.ts';
import { textTrouble } from './import.encoding.ts';
import { parseCount, parseDate, parseOpenStatus, parseRetention, parseSecurity, parseYear, splitSubjects, unneutralise } from './import.fields.ts';
import { issue, fromValidateRecord, fromZod } from './import.messages.ts';

export type RowIssue = Omit<ImportRowIssue, 'row'>;
/** The largest any field may be (extra text fields); a longer cell is refused before anything else looks at it. */
export const MAX_CELL = 10_000;

export interface RowContext {
  t: NumberingTarget;
  extra: ExtraField[];
  encoding: ImportEncoding;
  keepCodes: boolean;
  allowSuspectText: boolean;
  securities: Clearance[];
  orgByName: Map<string, string>;
  codeRe: RegExp;
  /** The mapped columns: index in the row, header, target. */
  plan: { index: number; header: string; target: string }[];
  /** Record field → the header of the column that fills it. */
  columnOf: Map<string, string>;
}

export interface RowResult { fields?: RecordFields; counterKey?: string; prefix?: string; code?: string; seqNo?: number; issues: RowIssue[] }

export function rowContext(o: Omit<RowContext, 'orgByName' | 'codeRe' | 'plan' | 'columnOf'> & { headers: string[]; mapping: ImportMapping }): RowContext {
  const plan = o.headers.map((header, index) => ({ index, header, target: o.mapping[header] ?? '' })).filter((p) => p.target);
  const orgByName = new Map(o.t.scheme.orgs.map((x) => [x.name, x.code]));
  const columnOf = new Map(plan.map((p) => [p.target === 'org' ? 'orgCode' : p.target, p.header]));
  return { ...o, plan, orgByName, columnOf, codeRe: codePattern(o.t.scheme.codeRule, o.t.scheme) };
}

const col = (ctx: RowContext, field: string) => ctx.columnOf.get(field) ?? null;
interface RowState { issues: RowIssue[]; flagged: string[] }
// Module-level, not closures made per row: this runs a million times per import.
function bad(st: RowState, column: string, field: string, code: Parameters<typeof issue>[0], value: string, ...more: string[]) {
  st.flagged.push(field);
  st.issues.push(issue(code, column, field, value, ...more));
}

/** Turns one row into record fields and checks it against the scheme; every problem of the row is returned. */
export function checkRow(cells: string[], ctx: RowContext): RowResult {
  const st: RowState = { issues: [], flagged: [] };
  const { issues, flagged } = st;
  const raw: Record<string, unknown> = {};
  const extra: Record<string, string | number | null> = {};
  let code = '';
  for (const { index, header, target } of ctx.plan) {
    let v = cells[index] ?? '';
    if (v.length > MAX_CELL) { bad(st, header, target, 'cell_too_large', v, String(v.length), String(MAX_CELL)); continue; }
    v = unneutralise(v.trim());
    if (v === '') continue;
    const trouble = textTrouble(v, ctx.encoding);
    if (trouble) {
      const i = issue(trouble, header, target, v);
      issues.push(trouble === 'suspect_mojibake' && ctx.allowSuspectText ? { ...i, severity: 'warning' } : i);
    }
    switch (target) {
      case 'year': { const y = parseYear(v); if (y === undefined) bad(st, header, 'year', 'bad_year', v); else raw.year = y; break; }
      case 'docDate': { const d = parseDate(v); if (d === undefined) bad(st, header, 'docDate', 'bad_date', v); else raw.docDate = d; break; }
      case 'retention': { const r = parseRetention(v); if (!r) bad(st, header, 'retention', 'unknown_retention', v); else raw.retention = r; break; }
      case 'security': { const s = parseSecurity(v); if (!s) bad(st, header, 'security', 'unknown_security', v); else raw.security = s; break; }
      case 'openStatus': { const s = parseOpenStatus(v); if (!s) bad(st, header, 'openStatus', 'unknown_open_status', v); else raw.openStatus = s; break; }
      case 'pages': { const n = parseCount(v); if (n === undefined) bad(st, header, 'pages', 'bad_number', v); else raw.pages = n; break; }
      case 'subjects': raw.subjects = splitSubjects(v); break;
      case 'org': {
        const c = /^[0-9A-Z]{1,6}$/.test(v) ? v : ctx.orgByName.get(v);
        if (!c) bad(st, header, 'orgCode', 'unknown_org', v); else raw.orgCode = c;
        break;
      }
      case 'archivalCode': code = v; break;
      case 'fondsCode':
        if (!/^[0-9A-Z]{4}$/.test(v)) bad(st, header, 'fondsCode', 'bad_fonds_code', v);
        else if (v !== ctx.t.fondsCode) bad(st, header, 'fondsCode', 'fonds_mismatch', v, ctx.t.fondsCode);
        break;
      case 'categoryCode': if (v !== ctx.t.categoryCode) bad(st, header, 'categoryCode', 'category_mismatch', v, ctx.t.categoryCode); break;
      default:
        if (target.startsWith('extra.')) {
          const x = ctx.extra.find((e) => `extra.${e.key}` === target);
          if (x?.type === 'number') { if (/^-?\d+(\.\d+)?$/.test(v)) extra[x.key] = Number(v); else bad(st, header, target, 'bad_number', v); }
          else if (x?.type === 'date') { const d = parseDate(v); if (d === undefined) bad(st, header, target, 'bad_date', v); else extra[x.key] = d; }
          else extra[target.slice(6)] = v;
        } else raw[target] = v;
    }
  }
  if (raw.year === undefined && typeof raw.docDate === 'string' && !flagged.includes('year')) raw.year = Number(raw.docDate.slice(0, 4));
  raw.extra = extra;
  const parsed = RecordFields.safeParse(raw);
  if (!parsed.success) {
    for (const z of parsed.error.issues) {
      const field = z.path.map(String).join('.');
      if (!flagged.includes(field) && !flagged.includes(String(z.path[0]))) issues.push(fromZod(z, col(ctx, field), field));
    }
    return { issues };
  }
  const fields = parsed.data;
  for (const x of validateRecord(fields, ctx.t.scheme, ctx.extra)) if (!flagged.includes(x.path)) issues.push(fromValidateRecord(x, col(ctx, x.path)));
  if (!ctx.securities.includes(fields.security)) issues.push(issue('security_above_clearance', col(ctx, 'security'), 'security', fields.security));
  const { counterKey, prefix, missing } = classOf(ctx.t, fields);
  for (const m of missing) if (!issues.some((i) => i.field === fieldFor(m))) issues.push(issue('missing_required', col(ctx, fieldFor(m)), fieldFor(m), ''));
  if (!ctx.keepCodes) return { fields, counterKey, prefix, issues };
  const seqNo = code ? seqOf(ctx.t.scheme, prefix, code) : undefined;
  if (!code) issues.push(issue('missing_code', col(ctx, 'archivalCode'), 'archivalCode', ''));
  else if (!ctx.codeRe.test(code)) issues.push(issue('bad_code', col(ctx, 'archivalCode'), 'archivalCode', code));
  else if (seqNo === undefined) issues.push(issue('code_class_mismatch', col(ctx, 'archivalCode'), 'archivalCode', code, prefix));
  return { fields, counterKey, prefix, code, seqNo, issues };
}

const fieldFor = (codeField: string) => ({ org: 'orgCode', year: 'year', retention: 'retention', catalogueNo: 'catalogueNo' })[codeField] ?? codeField;

/** The running number of a kept 档号, if the code is exactly what this class and number render to. */
function seqOf(scheme: SchemeBody, prefix: string, code: string): number | undefined {
  const el = scheme.codeRule[counterIndex(scheme.codeRule)];
  if (!el || !code.startsWith(prefix + el.connector)) return undefined;
  const n = Number(/^\d+/.exec(code.slice(prefix.length + el.connector.length))?.[0] ?? NaN);
  return n > 0 && n <= 2_000_000_000 && renderCode(scheme.codeRule, prefix, n) === code ? n : undefined;
}
