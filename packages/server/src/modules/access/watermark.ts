import sharp from 'sharp';
import { cjkFont } from '../../platform/pdf/cjk-font.ts';

/**
 * Access copies carry two marks, burnt into the pixels (so no unmarked layer is left to extract):
 * - a visible one: the reader's name, the request number and the time, tiled diagonally in red at 30% opacity;
 * - an invisible one: the delivery's 64-bit mark id as a pattern of 8×8-pixel cells, one bit per cell, an
 *   8×8 grid of cells repeated over the whole page from its top-left corner. A 1 darkens its cell by
 *   MARK_DELTA levels (≈1.5%, below what the eye notices on paper scans); a 0 leaves it. Averaging each bit's
 *   cells over the ~2,000 repeats of an A4 page cancels the page's own content, so `readMark` (watermark.read.ts) recovers the
 *   id from a JPEG of the page at the size we sent it (not after cropping or rescaling: no sync marks yet),
 *   given enough repeats: an A4 page at 150 dpi or more (a postcard-sized image may lose bits).
 * The id is also written to the JPEG's EXIF ImageDescription and the PDF's metadata, where it is easy to find
 * (and to strip: the pixel pattern is the one that survives a re-save).
 */
export const MARK_DELTA = 4;
/** The mark's geometry: cells of CELL×CELL pixels, bits on a GRID×GRID grid of cells (shared with watermark.read.ts). */
export const CELL = 8;
export const GRID = 8;
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
