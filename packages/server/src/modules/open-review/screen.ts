/**
 * The machine pre-screen of 开放审核: finds sensitive terms (the managed list), personal data (居民身份证号码 with a
 * valid GB 11643-1999 check digit, mobile and landline numbers) and personal names near a sensitive term, with
 * their positions (UTF-16 offsets into the screened field) so the reviewer's view can highlight them.
 */
export type HitKind = 'term' | 'id_card' | 'mobile' | 'landline' | 'name_near_term' | 'security';
export interface Hit {
  kind: HitKind;
  field: string;
  start: number;
  end: number;
  text: string;
  category?: string;
}
export interface Term {
  term: string;
  category: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** GB 11643-1999: 17 digits, a valid birth date, and the ISO 7064 MOD 11-2 check character. */
export function isValidIdCard(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17]!.toUpperCase();
}

// Digits must not run on either side, so a longer number is not read as a shorter one.
const ID_RE = /(?<!\d)\d{17}[\dXx](?![\dXx])/g;
const MOBILE_RE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
const LANDLINE_RE = /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?:-\d{1,6})?(?!\d)/g;

// The most common 复姓 and 单姓 (about 90% of the population); a name is a surname + 1–2 Han characters.
const SURNAMES_2 = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐'];
const SURNAMES_1 = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const NAME_RE = new RegExp(`(?:${SURNAMES_2.join('|')}|[${SURNAMES_1}])[\\u4e00-\\u9fa5]{1,2}`, 'y');
/** Surnames that are far more often a function word before a name (关于, 向, 方面…). */
const FUNCTION_CHARS = '于向方任万和';
/** How far (characters) from a sensitive term a name still counts as "near" it. */
export const NEAR = 12;

function collect(re: RegExp, text: string, accept: (m: string) => boolean = () => true) {
  const out: { start: number; end: number; text: string }[] = [];
  for (const m of text.matchAll(re)) if (accept(m[0])) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

/** Candidate names, tried at every position (so 关于张建国 still finds 张建国), overlapping candidates merged. */
function nameSpans(text: string) {
  const spans: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    NAME_RE.lastIndex = i;
    const m = NAME_RE.exec(text);
    if (!m) continue;
    const last = spans.at(-1);
    // 关于王建华: 于 is a surname but here a preposition; the overlapping later candidate wins.
    if (last && i === last.start + 1 && FUNCTION_CHARS.includes(text[last.start]!)) spans[spans.length - 1] = { start: i, end: i + m[0].length, text: '' };
    else if (last && i < last.end) last.end = Math.max(last.end, i + m[0].length);
    else spans.push({ start: i, end: i + m[0].length, text: '' });
  }
  for (const s of spans) s.text = text.slice(s.start, s.end);
  return spans;
}

/** Screens one field. Terms are matched case-insensitively; overlapping personal-data hits are kept apart by kind. */
export function screenText(field: string, text: string, terms: Term[]): Hit[] {
  if (!text) return [];
  const hits: Hit[] = [];
  const lower = text.toLowerCase();
  for (const t of terms) {
    const needle = t.term.toLowerCase();
    if (!needle) continue;
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      hits.push({ kind: 'term', field, start: i, end: i + needle.length, text: text.slice(i, i + needle.length), category: t.category });
    }
  }
  const ids = collect(ID_RE, text, isValidIdCard);
  for (const h of ids) hits.push({ kind: 'id_card', field, ...h });
  const inId = (s: number, e: number) => ids.some((h) => s < h.end && e > h.start);
  for (const h of collect(MOBILE_RE, text)) if (!inId(h.start, h.end)) hits.push({ kind: 'mobile', field, ...h });
  for (const h of collect(LANDLINE_RE, text)) if (!inId(h.start, h.end)) hits.push({ kind: 'landline', field, ...h });
  const termHits = hits.filter((h) => h.kind === 'term');
  if (termHits.length) {
    for (const n of nameSpans(text)) {
      if (termHits.some((t) => n.start < t.end && n.end > t.start)) continue; // the term itself
      if (termHits.some((t) => n.start - t.end <= NEAR && t.start - n.end <= NEAR)) hits.push({ kind: 'name_near_term', field, ...n });
    }
  }
  return hits.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Screens the fields of a record that the portal would publish, plus any extracted text. */
export function screenRecord(r: { title: string; remarks: string; subjects: string[]; responsible?: string; text?: string }, terms: Term[]): Hit[] {
  return [
    ...screenText('title', r.title, terms),
    ...screenText('subjects', r.subjects.join('；'), terms),
    ...screenText('remarks', r.remarks, terms),
    ...screenText('responsible', r.responsible ?? '', terms),
    ...(r.text ? screenText('text', r.text, terms) : []),
  ];
}
