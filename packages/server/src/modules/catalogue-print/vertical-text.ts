import { drawLines, type Face } from './pdf-text.ts';

/** Vertical presentation forms of the punctuation that turns in vertical text (the rest stands upright). */
const VERTICAL: Record<string, string> = {
  '（': '︵', '）': '︶', '(': '︵', ')': '︶', '《': '︽', '》': '︾', '〔': '︹', '〕': '︺', '【': '︻', '】': '︼',
  '「': '﹁', '」': '﹂', '『': '﹃', '』': '﹄', '、': '︑', '，': '︐', '。': '︒', '：': '︓', '；': '︔', '—': '︱', '…': '︙',
};

/**
 * Chinese set vertically (竖排): characters top to bottom, columns right to left, in as many columns as
 * give the largest type that fits the box (a long 全宗名称 on a narrow spine takes two or three).
 */
export function drawVertical(doc: PDFKit.PDFDocument, text: string, box: { x: number; y: number; w: number; h: number }, font: string, maxSize: number): void {
  const chars = [...text.replace(/\s+/g, '')].map((c) => VERTICAL[c] ?? c);
  if (!chars.length) return;
  let best = { cols: 1, size: 0 };
  for (let cols = 1; cols <= 4; cols++) {
    const rows = Math.ceil(chars.length / cols);
    const size = Math.min(maxSize, box.w / cols / 1.15, box.h / rows / 1.3);
    if (size > best.size + 0.5) best = { cols, size };
  }
  const rows = Math.ceil(chars.length / best.cols);
  const face: Face = { font, size: Math.max(4, best.size) };
  const colW = box.w / best.cols;
  const blockH = rows * face.size * 1.3;
  for (let c = 0; c < best.cols; c++) {
    // First column on the right; every column starts at the top of the (vertically centred) block.
    const column = chars.slice(c * rows, (c + 1) * rows);
    drawLines(doc, column, { x: box.x + box.w - (c + 1) * colW, y: box.y + (box.h - blockH) / 2, w: colW, h: blockH }, face, 'center', 'top');
  }
}
