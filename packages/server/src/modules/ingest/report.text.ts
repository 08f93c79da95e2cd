// Text for long printed reports: `Pen` wraps with cached character widths and places each line at a fixed
// height (pdfkit's own flow re-measures every candidate line and, for a long word such as one-line JSON evidence,
// every prefix of it), adding pages itself. Pair it with platform/pdf/cjk-font.fast.ts (no shaping, a lean font subset).

const widths = new Map<string, Map<string, number>>();

export interface PenStyle { size: number; color?: string; x?: number; width?: number }

/** Writes lines top to bottom on A4 pages with fixed line heights; wraps by cached character widths. */
export class Pen {
  y: number;
  private readonly w: Map<string, number>;
  constructor(private readonly doc: PDFKit.PDFDocument, fontKey: string) {
    this.y = doc.page.margins.top;
    let w = widths.get(fontKey);
    if (!w) widths.set(fontKey, (w = new Map()));
    this.w = w;
  }

  get left() { return this.doc.page.margins.left; }
  get width() { return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right; }
  private get bottom() { return this.doc.page.height - this.doc.page.margins.bottom; }

  /** Width of `text` at `size` points. */
  measure(text: string, size: number): number {
    let em = 0;
    for (const ch of text) em += this.charEm(ch);
    return em * size;
  }

  private charEm(ch: string): number {
    let e = this.w.get(ch);
    if (e === undefined) {
      this.doc.fontSize(100);
      this.w.set(ch, (e = this.doc.widthOfString(ch) / 100));
    }
    return e;
  }

  /** At most `maxLines` lines of `width` points; a cut text ends in '…'. Breaks at a space in the second half of a line, else anywhere. */
  wrap(text: string, size: number, width: number, maxLines: number): string[] {
    const chars = [...text.replace(/[\r\n\t\f\v]+/g, ' ')];
    const lines: string[] = [];
    const limit = width / size;
    let start = 0;
    while (start < chars.length && lines.length < maxLines) {
      let em = 0, end = start, space = -1;
      while (end < chars.length && em + this.charEm(chars[end]!) <= limit) { if (chars[end] === ' ') space = end; em += this.charEm(chars[end]!); end++; }
      if (end === start) end++; // one character wider than the line: print it anyway
      if (end < chars.length && space > start + (end - start) / 2) end = space + 1;
      lines.push(chars.slice(start, end).join('').trimEnd());
      start = end;
      while (chars[start] === ' ') start++;
    }
    if (start < chars.length && lines.length) {
      let last = lines[lines.length - 1]!;
      while (last && this.measure(`${last}…`, size) > width) last = [...last].slice(0, -1).join('');
      lines[lines.length - 1] = `${last}…`;
    }
    return lines;
  }

  /** Starts a new page when fewer than `h` points are left. */
  need(h: number) {
    if (this.y + h > this.bottom) { this.doc.addPage(); this.y = this.doc.page.margins.top; }
  }

  /** One line at the current height, then moves down by `lead` (default 1.35 × size). */
  line(text: string, s: PenStyle, lead = s.size * 1.35) {
    this.need(lead);
    this.place(text, s, this.y);
    this.y += lead;
  }

  /** One line at height `y`, without moving or breaking the page. */
  place(text: string, s: PenStyle, y: number) {
    if (!text) return;
    const textWidth = this.measure(text, s.size); // before fontSize(): measuring a new character sets its own size
    this.doc.fontSize(s.size).fillColor(s.color ?? 'black');
    this.doc.text(text, s.x ?? this.left, y, { lineBreak: false, textWidth, wordCount: 1 } as PDFKit.Mixins.TextOptions);
  }

  /** A wrapped paragraph of at most `maxLines` lines. */
  para(text: string, s: PenStyle, maxLines: number, lead = s.size * 1.35) {
    const x = s.x ?? this.left;
    for (const l of this.wrap(text, s.size, s.width ?? this.width - (x - this.left), maxLines)) this.line(l, { ...s, x }, lead);
  }

  /** Text centred on the line. */
  centre(text: string, size: number) {
    const w = this.measure(text, size);
    this.line(text, { size, x: this.left + Math.max(0, (this.width - w) / 2) });
  }

  rule(color = '#cccccc') {
    this.doc.save().moveTo(this.left, this.y).lineTo(this.left + this.width, this.y).lineWidth(0.4).strokeColor(color).stroke().restore();
  }
}
