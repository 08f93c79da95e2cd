import sharp from 'sharp';
import { cjkFont } from '../../platform/pdf/cjk-font.ts';

/**
 * Access copies carry two marks, burnt into the pixels (so no unmarked layer is left to extract):
 * - a visible one: the reader's name, the request number and the time, tiled diagonally in red at 30% opacity;
 * - an invisible one: the delivery's 64-bit mark id as a pattern of 8×8-pixel cells, one bit per cell, an
 *   8×8 grid of cells repeated over the whole page from its top-left corner. A 1 darkens its cell by
 *   MARK_DELTA levels (≈1.5%, below what the eye notices on paper scans); a 0 leaves it. Averaging each bit's
 *   cells over the ~2,000 repeats of an A4 page cancels the page's own content, so `readMark` recovers the
 *   id from a JPEG of the page at the size we sent it (not after cropping or rescaling: no sync marks yet),
 *   given enough repeats: an A4 page at 150 dpi or more (a postcard-sized image may lose bits).
 * The id is also written to the JPEG's EXIF ImageDescription and the PDF's metadata, where it is easy to find
 * (and to strip: the pixel pattern is the one that survives a re-save).
 */
export const MARK_DELTA = 4;
const CELL = 8;
const GRID = 8;
const ALPHA = 0.3;
const INK = [176, 20, 20] as const;

/**
 * The visible layer for one page size: the pixels of ONE rotated text tile that carry ink (sparse, with their alpha),
 * repeated over the page from its top-left corner when stamping. Building it lays out the text once (pango) on a
 * tile-sized canvas, never a page-sized one, so a new reader/minute costs a few ms more than a cached one.
 */
export interface Overlay { width: number; height: number; tileWidth: number; tileHeight: number; dx: Uint16Array; dy: Uint16Array; alpha: Uint8Array }

export async function buildOverlay(text: string, width: number, height: number): Promise<Overlay> {
  const size = Math.max(14, Math.round(width / 55));
  const font = cjkFont();
  const line = await sharp({ text: { text: `<span foreground="#000000">${escapeMarkup(text)}</span>`, rgba: true, dpi: 72, font: `Noto Sans CJK SC ${size}`, ...(font ? { fontfile: font.path } : {}) } })
    .png().toBuffer();
  const { data, info } = await sharp(line).rotate(-30, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .extend({ top: size * 3, bottom: size * 3, left: size * 2, right: size * 2, background: { r: 0, g: 0, b: 0, alpha: 0 } }).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]! > 8) n++;
  const dx = new Uint16Array(n);
  const dy = new Uint16Array(n);
  const alpha = new Uint8Array(n);
  for (let i = 3, k = 0; i < data.length; i += 4) {
    if (data[i]! <= 8) continue;
    const p = (i - 3) / 4;
    dx[k] = p % info.width;
    dy[k] = (p / info.width) | 0;
    alpha[k++] = Math.round(data[i]! * ALPHA);
  }
  return { width, height, tileWidth: info.width, tileHeight: info.height, dx, dy, alpha };
}

/** Applies both marks to 3-channel raw pixels, in place: the invisible cells, then the visible text over them. */
export function stampRaw(px: Buffer, width: number, height: number, overlay: Overlay, markId: string) {
  markRaw(px, width, height, markId);
  const { dx, dy, alpha, tileWidth, tileHeight } = overlay;
  for (let ty = 0; ty < height; ty += tileHeight) {
    for (let tx = 0; tx < width; tx += tileWidth) {
      for (let k = 0; k < alpha.length; k++) {
        const x = tx + dx[k]!;
        const y = ty + dy[k]!;
        if (x >= width || y >= height) continue;
        const a = alpha[k]! / 255;
        const o = (y * width + x) * 3;
        px[o] = px[o]! + (INK[0] - px[o]!) * a;
        px[o + 1] = px[o + 1]! + (INK[1] - px[o + 1]!) * a;
        px[o + 2] = px[o + 2]! + (INK[2] - px[o + 2]!) * a;
      }
    }
  }
}

/** The invisible mark on 3-channel raw pixels, in place: each 1-bit cell darkened by MARK_DELTA levels. */
const DARKER = Uint8Array.from({ length: 256 }, (_, v) => Math.max(0, v - MARK_DELTA));
/** Four bytes darkened by MARK_DELTA at once, clamped at 0 (the bytes of one 32-bit word never borrow from each other). */
function darker4(w: number): number {
  const t = ((w & 0xfcfcfcfc) >>> 2) & 0x3f3f3f3f; // per byte: its value / 4 (0 when the byte is below 4)
  const nz = (t + 0x3f3f3f3f) & 0x40404040; // per byte: 0x40 when it is 4 or more
  return ((w - (nz >>> 4)) & (((nz >>> 6) * 0xff) >>> 0)) >>> 0; // subtract 4 there, zero the rest
}
export function markRaw(px: Buffer, width: number, height: number, markId: string) {
  const bits = markBits(markId);
  // Whole 32-bit words where the row and cell bounds allow (24 bytes a cell = 6 words), single bytes at the edges.
  const words = px.byteOffset % 4 === 0 ? new Uint32Array(px.buffer, px.byteOffset, px.length >>> 2) : null;
  for (let y = 0; y < height; y++) {
    const row = ((y / CELL) | 0) % GRID;
    const base = y * width * 3;
    for (let cx = 0; cx * CELL < width; cx++) {
      if (!bits[row * GRID + (cx % GRID)]) continue;
      let i = cx * CELL * 3 + base;
      const end = Math.min(width, (cx + 1) * CELL) * 3 + base;
      if (words) {
        for (; i < end && i % 4; i++) px[i] = DARKER[px[i]!]!;
        for (; i + 4 <= end; i += 4) words[i >>> 2] = darker4(words[i >>> 2]!);
      }
      for (; i < end; i++) px[i] = DARKER[px[i]!]!;
    }
  }
}

/**
 * Reads the invisible mark back from a delivered page (JPEG/PNG bytes at the size they were sent): the 64 bits of
 * `markScores` split at their median (a mark has 32 one-bits), the darker half being the ones.
 */
export async function readMark(image: Buffer): Promise<string> {
  const s = await markScores(image);
  const mid = median(s);
  let hex = '';
  for (let n = 0; n < 16; n++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (s[n * 4 + b]! > mid ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

/**
 * Each bit's darkening in grey levels (≈ MARK_DELTA for a one, ≈ 0 for a zero, up to a common offset), from the
 * 8×8-pixel cells of a page at the size it was sent:
 * 1. Each cell's mean luma is compared with its 8 neighbours' mean (removing the page's slow shading).
 * 2. Left out: cells with visible red ink in or around them (redness R − (G+B)/2 clearly above the page's median:
 *    the visible text layer, red seals), and cells whose 3×3 neighbourhood spans clearly more grey levels than the
 *    page's usual (text strokes, ruled lines, edges). Both would shift a bit's figure by more than the mark when they
 *    fall on the same cells of many repeats, as the visible text tile does (its period is not a multiple of 64 px).
 *    If that would leave some bit fewer than 16 cells, nothing is left out.
 * 3. Each bit takes the mean of the middle half of its cells (robust against the content that is left).
 * 4. Step 1 also subtracted an eighth of each of the 8 neighbouring bits' marks (on the 8×8 grid, wrapping round);
 *    that is undone exactly, on the 8×8 torus, by `UNMIX`. Without it a one whose neighbours are all ones reads
 *    as 0 darker and a zero among zeros as 0 lighter: a coin toss (CI read a12ca7c3c3e3e394 as a12ca7c3c2ebe394).
 */
export async function markScores(image: Buffer): Promise<number[]> {
  const { data, info } = await sharp(image).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const { luma, red, cw, ch } = cellMeans(data, info.width, info.height, info.channels);
  const redLimit = median(red) + Math.max(6, 3 * spread(red));
  const ranges = new Float64Array(cw * ch);
  const ink = new Uint8Array(cw * ch);
  for (let cy = 1; cy < ch - 1; cy++) {
    for (let cx = 1; cx < cw - 1; cx++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const j = (cy + dy) * cw + cx + dx;
          lo = Math.min(lo, luma[j]!);
          hi = Math.max(hi, luma[j]!);
          if (red[j]! > redLimit) ink[cy * cw + cx] = 1;
        }
      }
      ranges[cy * cw + cx] = hi - lo;
    }
  }
  const interior = Array.from({ length: Math.max(0, ch - 2) * Math.max(0, cw - 2) }, (_, k) => ranges[(((k / (cw - 2)) | 0) + 1) * cw + (k % (cw - 2)) + 1]!);
  const rangeLimit = Math.max(3 * MARK_DELTA, 2.75 * quantile(interior, 0.1)); // the page's quietest tenth sets the noise
  const collect = (skip: boolean) => {
    const perBit: number[][] = Array.from({ length: GRID * GRID }, () => []);
    for (let cy = 1; cy < ch - 1; cy++) {
      for (let cx = 1; cx < cw - 1; cx++) {
        const i = cy * cw + cx;
        if (skip && (ink[i] || ranges[i]! > rangeLimit)) continue;
        const n = luma[i - cw - 1]! + luma[i - cw]! + luma[i - cw + 1]! + luma[i - 1]! + luma[i + 1]! + luma[i + cw - 1]! + luma[i + cw]! + luma[i + cw + 1]!;
        perBit[(cy % GRID) * GRID + (cx % GRID)]!.push(luma[i]! - n / 8);
      }
    }
    return perBit;
  };
  let perBit = collect(true);
  if (Math.min(...perBit.map((xs) => xs.length)) < 16) perBit = collect(false);
  const h = perBit.map(midMean);
  return UNMIX.map((row) => -row.reduce((acc, p, j) => acc + p * h[j]!, 0));
}

/** Per 8×8 cell: mean luma (the JPEG's Y weights) and mean redness R − (G+B)/2. */
function cellMeans(data: Buffer, width: number, height: number, channels: number) {
  const cw = Math.floor(width / CELL);
  const ch = Math.floor(height / CELL);
  const luma = new Float64Array(cw * ch);
  const red = new Float64Array(cw * ch);
  const r = new Float64Array(cw);
  const g = new Float64Array(cw);
  const b = new Float64Array(cw);
  for (let cy = 0; cy < ch; cy++) {
    r.fill(0);
    g.fill(0);
    b.fill(0);
    for (let y = cy * CELL; y < (cy + 1) * CELL; y++) {
      for (let cx = 0, o = y * width * channels; cx < cw; cx++) {
        let sr = 0;
        let sg = 0;
        let sb = 0;
        for (let x = 0; x < CELL; x++, o += channels) {
          sr += data[o]!;
          sg += data[o + 1]!;
          sb += data[o + 2]!;
        }
        r[cx] = r[cx]! + sr;
        g[cx] = g[cx]! + sg;
        b[cx] = b[cx]! + sb;
      }
    }
    for (let cx = 0; cx < cw; cx++) {
      luma[cy * cw + cx] = (0.299 * r[cx]! + 0.587 * g[cx]! + 0.114 * b[cx]!) / (CELL * CELL);
      red[cy * cw + cx] = (r[cx]! - (g[cx]! + b[cx]!) / 2) / (CELL * CELL);
    }
  }
  return { luma, red, cw, ch };
}

/**
 * The inverse of "a bit's figure minus the mean of its 8 neighbours' on the 8×8 torus" (a circulant operator with
 * eigenvalues 1 − ((1 + 2cos 2πu/8)(1 + 2cos 2πv/8) − 1)/8, all ≥ 0.22 but the constant one, which is dropped: the
 * reading splits at the median anyway).
 */
const UNMIX: number[][] = Array.from({ length: GRID * GRID }, (_, i) => Array.from({ length: GRID * GRID }, (_, j) => {
  const dr = ((i / GRID) | 0) - ((j / GRID) | 0);
  const dc = (i % GRID) - (j % GRID);
  let p = 0;
  for (let u = 0; u < GRID; u++) {
    for (let v = 0; v < GRID; v++) {
      if (!u && !v) continue;
      const k = 1 - ((1 + 2 * Math.cos((2 * Math.PI * u) / GRID)) * (1 + 2 * Math.cos((2 * Math.PI * v) / GRID)) - 1) / 8;
      p += Math.cos((2 * Math.PI * (u * dr + v * dc)) / GRID) / k;
    }
  }
  return p / (GRID * GRID);
}));

function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(xs).sort();
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
}

function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  if (!s.length) return 0;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The mean of the middle half (interquartile mean). */
function midMean(xs: number[]): number {
  const s = Float64Array.from(xs).sort();
  const lo = Math.floor(s.length / 4);
  const hi = Math.max(lo + 1, s.length - lo);
  let t = 0;
  for (let i = lo; i < hi && i < s.length; i++) t += s[i]!;
  return s.length ? t / (Math.min(hi, s.length) - lo) : 0;
}

/** A robust σ: 1.4826 × the median absolute deviation. */
function spread(xs: Float64Array): number {
  const m = median(xs);
  return 1.4826 * median(Array.from(xs, (x) => Math.abs(x - m)));
}

function markBits(markId: string): boolean[] {
  const bits: boolean[] = [];
  for (const ch of markId) {
    const v = parseInt(ch, 16);
    for (let b = 3; b >= 0; b--) bits.push(((v >> b) & 1) === 1);
  }
  return bits;
}

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One watermarked page: decode (scaled so the longer side is at most `maxSide`, never up), both marks burnt into the
 * same pixels, encode as JPEG with the mark id in EXIF. No unmarked layer leaves the server.
 */
export async function stampPage(source: Buffer, o: { text: string; markId: string; maxSide: number; overlays: (w: number, h: number) => Promise<Overlay> }) {
  const img = sharp(source, { failOn: 'error' }).rotate().resize({ width: o.maxSide, height: o.maxSide, fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb');
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
  stampRaw(data, info.width, info.height, await o.overlays(info.width, info.height), o.markId);
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .withExif({ IFD0: { ImageDescription: `lantai-delivery-mark:${o.markId}` } }).jpeg({ quality: 82, optimiseCoding: false }).toBuffer();
  return { jpeg, width: info.width, height: info.height };
}

/** A fresh mark id with exactly 32 one-bits, so readMark can split the cells at their median. */
export function newMarkId(random: (n: number) => number = (n) => Math.floor(Math.random() * n)): string {
  const bits = Array.from({ length: 64 }, (_, i) => i < 32);
  for (let i = 63; i > 0; i--) {
    const j = random(i + 1);
    [bits[i], bits[j]] = [bits[j]!, bits[i]!];
  }
  let hex = '';
  for (let n = 0; n < 16; n++) hex += bits.slice(n * 4, n * 4 + 4).reduce((v, b) => (v << 1) | (b ? 1 : 0), 0).toString(16);
  return hex;
}
