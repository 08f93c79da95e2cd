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

export interface Overlay { width: number; height: number; idx: Uint32Array; alpha: Uint8Array }

/** The visible text layer for one page size, as the list of pixels it covers (sparse: ~10% of the page). */
export async function buildOverlay(text: string, width: number, height: number): Promise<Overlay> {
  const size = Math.max(14, Math.round(width / 55));
  const font = cjkFont();
  const tile = await sharp({ text: { text: `<span foreground="#000000">${escapeMarkup(text)}</span>`, rgba: true, dpi: 72, font: `Noto Sans CJK SC ${size}`, ...(font ? { fontfile: font.path } : {}) } })
    .png().toBuffer();
  const rotated = await sharp(tile).rotate(-30, { background: { r: 0, g: 0, b: 0, alpha: 0 } }).extend({ top: size * 3, bottom: size * 3, left: size * 2, right: size * 2, background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer();
  const layer = await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: rotated, tile: true, gravity: 'northwest' }]).raw().toBuffer();
  let n = 0;
  for (let i = 3; i < layer.length; i += 4) if (layer[i]! > 8) n++;
  const idx = new Uint32Array(n);
  const alpha = new Uint8Array(n);
  for (let i = 3, k = 0; i < layer.length; i += 4) {
    if (layer[i]! > 8) {
      idx[k] = (i - 3) / 4;
      alpha[k++] = Math.round(layer[i]! * ALPHA);
    }
  }
  return { width, height, idx, alpha };
}

/** Applies both marks to 3-channel raw pixels, in place. */
export function stampRaw(px: Buffer, width: number, height: number, overlay: Overlay, markId: string) {
  const bits = markBits(markId);
  for (let y = 0; y < height; y++) {
    const row = ((y / CELL) | 0) % GRID;
    const base = y * width * 3;
    for (let cx = 0; cx * CELL < width; cx++) {
      if (!bits[row * GRID + (cx % GRID)]) continue;
      const end = Math.min(width, (cx + 1) * CELL) * 3 + base;
      for (let i = cx * CELL * 3 + base; i < end; i++) px[i] = Math.max(0, px[i]! - MARK_DELTA);
    }
  }
  const { idx, alpha } = overlay;
  for (let k = 0; k < idx.length; k++) {
    const a = alpha[k]! / 255;
    const o = idx[k]! * 3;
    px[o] = px[o]! + (INK[0] - px[o]!) * a;
    px[o + 1] = px[o + 1]! + (INK[1] - px[o + 1]!) * a;
    px[o + 2] = px[o + 2]! + (INK[2] - px[o + 2]!) * a;
  }
}

/**
 * Reads the invisible mark back from a delivered page (JPEG/PNG bytes at the size they were sent). Each cell's
 * mean is compared with its 8 neighbours (removing the page's slow shading); each bit takes the median over
 * its repeats (so a heading or a ruled line crossing some repeats does not outvote the rest).
 */
export async function readMark(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  const cw = Math.floor(info.width / CELL);
  const ch = Math.floor(info.height / CELL);
  const cells = new Float64Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let s = 0;
      for (let y = cy * CELL; y < (cy + 1) * CELL; y++) for (let x = cx * CELL, o = y * info.width + x; x < (cx + 1) * CELL; x++, o++) s += data[o]!;
      cells[cy * cw + cx] = s / (CELL * CELL);
    }
  }
  const perBit: number[][] = Array.from({ length: GRID * GRID }, () => []);
  for (let cy = 1; cy < ch - 1; cy++) {
    for (let cx = 1; cx < cw - 1; cx++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy) n += cells[(cy + dy) * cw + cx + dx]!;
      perBit[(cy % GRID) * GRID + (cx % GRID)]!.push(cells[cy * cw + cx]! - n / 8);
    }
  }
  const med = perBit.map(median);
  const mid = median(med);
  let hex = '';
  for (let n = 0; n < 16; n++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | (med[n * 4 + b]! < mid ? 1 : 0);
    hex += v.toString(16);
  }
  return hex;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
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
 * One watermarked page: decode, mark, encode. `maxSide` bounds the access copy's longer side (the scan
 * is scaled down on decode, never up). Returns JPEG bytes with the mark id in EXIF.
 */
export async function stampPage(source: Buffer, o: { text: string; markId: string; maxSide: number; overlays: (w: number, h: number) => Promise<Overlay> }) {
  const img = sharp(source, { failOn: 'error' }).rotate().resize({ width: o.maxSide, height: o.maxSide, fit: 'inside', withoutEnlargement: true }).removeAlpha().toColourspace('srgb');
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
  stampRaw(data, info.width, info.height, await o.overlays(info.width, info.height), o.markId);
  const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .withExif({ IFD0: { ImageDescription: `lantai-delivery-mark:${o.markId}` } }).jpeg({ quality: 82 }).toBuffer();
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
