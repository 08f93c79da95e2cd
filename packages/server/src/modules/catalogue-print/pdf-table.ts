import { drawLines, lineHeight, wrapText, type Face } from './pdf-text.ts';

export interface Column<R> {
  title: string;
  /** Points. */
  width: number;
  align?: 'left' | 'center';
  face?: Face;
  value(row: R, no: number): string;
}

export interface TableOptions {
  /** Table area on every page: left edge, top of the column heads, lowest y a row may reach. */
  left: number;
  top: number;
  bottom: number;
  body: Face;
  head: Face;
  headHeight: number;
  minRowHeight: number;
  padX: number;
  padY: number;
  /** A row split between pages says so on each part after the first: this text as the first line of this column. */
  continued?: { column: number; text: string };
  /**
   * Starts page n (1-based) of the table. Only called when drawing: add the page and its title and
   * footer there; the pager draws the column heads.
   */
  newPage(n: number): void;
}

/**
 * Lays rows out into pages, repeating the column heads on each page. Run it once with draw=false to
 * count the pages (for "共 M 页"), then again with draw=true over the same rows. A row taller than what
 * is left of the page moves to the next; a row taller than a whole page is split between pages, so no
 * text is ever cut off, and each part after the first starts with the `continued` mark (“（续）”).
 */
export class TablePager<R> {
  pages = 0;
  private y = 0;
  private no = 0;
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument, private readonly cols: Column<R>[], private readonly o: TableOptions, private readonly draw: boolean) {
    this.width = cols.reduce((s, c) => s + c.width, 0);
  }

  add(row: R): void {
    this.no++;
    const lines = this.cols.map((c) => wrapText(this.doc, c.value(row, this.no), c.width - 2 * this.o.padX, c.face ?? this.o.body));
    const lh = this.cols.map((c) => lineHeight(c.face ?? this.o.body));
    let cont = false;
    // The continuation mark takes one line of its column on every part after the first.
    const mark = (i: number) => (cont && this.o.continued?.column === i ? 1 : 0);
    const need = (from: number[]) => Math.max(this.o.minRowHeight, ...lines.map((l, i) => (l.length - (from[i] ?? 0) + mark(i)) * (lh[i] as number) + 2 * this.o.padY));
    let from = this.cols.map(() => 0);
    if (this.pages === 0 || (this.y + need(from) > this.o.bottom && need(from) <= this.o.bottom - this.firstRowY())) this.startPage();
    for (;;) {
      const room = this.o.bottom - this.y;
      if (need(from) <= room) {
        this.cell(lines, from, lines.map((l) => l.length), need(from), cont ? 'top' : 'middle', cont);
        this.y += need(from);
        return;
      }
      // Split: as many lines of each cell as fit here, the rest on the next page.
      const to = lines.map((l, i) => Math.min(l.length, (from[i] ?? 0) + Math.floor((room - 2 * this.o.padY) / (lh[i] as number)) - mark(i)));
      if (to.some((t, i) => t > (from[i] ?? 0))) {
        this.cell(lines, from, to, room, 'top', cont);
        from = to;
        cont = true;
      }
      this.startPage();
    }
  }

  /** An empty table still gets its page with the column heads. */
  finish(): void {
    if (this.pages === 0) this.startPage();
  }

  private firstRowY() {
    return this.o.top + this.o.headHeight;
  }

  private startPage() {
    this.pages++;
    this.y = this.firstRowY();
    if (!this.draw) return;
    this.o.newPage(this.pages);
    let x = this.o.left;
    this.doc.lineWidth(0.6).rect(this.o.left, this.o.top, this.width, this.o.headHeight).stroke();
    for (const c of this.cols) {
      const head = wrapText(this.doc, c.title, c.width - 2, this.o.head);
      drawLines(this.doc, head, { x, y: this.o.top, w: c.width, h: this.o.headHeight }, this.o.head, 'center');
      if (x > this.o.left) this.doc.moveTo(x, this.o.top).lineTo(x, this.o.top + this.o.headHeight).stroke();
      x += c.width;
    }
  }

  private cell(lines: string[][], from: number[], to: number[], h: number, valign: 'top' | 'middle', cont = false) {
    if (!this.draw) return;
    const { doc, o } = this;
    let x = o.left;
    doc.lineWidth(0.6).rect(o.left, this.y, this.width, h).stroke();
    this.cols.forEach((c, i) => {
      const rest = (lines[i] as string[]).slice(from[i], to[i]);
      const part = cont && o.continued?.column === i ? [o.continued.text, ...rest] : rest;
      const face = c.face ?? o.body;
      drawLines(doc, part, { x, y: this.y + o.padY, w: c.width, h: h - 2 * o.padY }, face, c.align ?? 'center', valign, o.padX);
      if (x > o.left) doc.moveTo(x, this.y).lineTo(x, this.y + h).stroke();
      x += c.width;
    });
  }
}
