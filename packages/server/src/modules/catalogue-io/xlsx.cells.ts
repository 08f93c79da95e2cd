/** The cells of one worksheet <row>: values as text, the way a spreadsheet shows them. */

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export function unescapeXml(s: string): string {
  if (s.includes('&')) s = s.replace(ENTITY, (_, n: string, d: string, h: string) => (n ? NAMED[n]! : String.fromCodePoint(d ? Number(d) : parseInt(h, 16))));
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** The text of an <si> or <is>: every <t> run, without phonetic (<rPh>) runs. */
export function runText(xml: string): string {
  if (xml.includes('rPh')) xml = xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(\w+:)?rPh>/g, '');
  let out = '';
  for (const m of xml.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1];
  return unescapeXml(out);
}

/** A copy that does not pin the big string it was cut from (V8 keeps slices as views). */
export const flat = (s: string) => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));

function serialToIso(v: number, date1904: boolean): string {
  const d = new Date(Math.round((v - (date1904 ? 24107 : 25569)) * 86_400_000));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 10);
}

/** The value of attribute name (given as ' t="') within a start tag's attribute text. */
function attr(attrs: string, key: string): string | undefined {
  const i = attrs.indexOf(key);
  if (i < 0) return undefined;
  return attrs.slice(i + key.length, attrs.indexOf('"', i + key.length));
}
const colIndex = (ref: string) => {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n - 1;
};

export interface SheetContext { strings: string[]; dates: boolean[]; date1904: boolean; prefix: string }

/**
 * Scans a <row> element with indexOf rather than regular expressions (a million rows × a dozen cells):
 * shared strings (t="s"), inline strings, formula results (t="str"), booleans, errors, ISO dates (t="d") and
 * numbers, which become YYYY-MM-DD when their style is a date format. Missing cells are empty strings.
 */
export function rowCells(xml: string, from: number, c: SheetContext): string[] {
  const open = `<${c.prefix}c`, close = `</${c.prefix}c>`, vOpen = `<${c.prefix}v>`, vClose = `</${c.prefix}v>`;
  const cells: string[] = [];
  let p = from, next = 0;
  for (;;) {
    let s = xml.indexOf(open, p);
    while (s >= 0 && !' />'.includes(xml[s + open.length] ?? 'x')) s = xml.indexOf(open, s + 1);
    if (s < 0) return cells;
    const gt = xml.indexOf('>', s);
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const attrs = xml.slice(s + open.length, selfClosing ? gt - 1 : gt);
    const end = selfClosing ? gt + 1 : xml.indexOf(close, gt);
    p = selfClosing ? end : end + close.length;
    const ref = attr(attrs, ' r="');
    const col = ref ? colIndex(ref) : next;
    next = col + 1;
    if (selfClosing) continue;
    const inner = xml.slice(gt + 1, end);
    const t = attr(attrs, ' t="') ?? 'n';
    let value: string;
    if (t === 'inlineStr') value = runText(inner);
    else {
      const vs = inner.indexOf(vOpen);
      const v = vs < 0 ? '' : inner.slice(vs + vOpen.length, inner.indexOf(vClose, vs));
      if (t === 's') value = c.strings[Number(v)] ?? '';
      else if (t === 'b') value = v === '1' ? 'TRUE' : 'FALSE';
      else if (t === 'str' || t === 'e' || t === 'd') value = unescapeXml(v);
      else value = v !== '' && c.dates[Number(attr(attrs, ' s="') ?? 0)] ? serialToIso(Number(v), c.date1904) : v;
    }
    while (cells.length < col) cells.push('');
    cells[col] = value;
  }
}
