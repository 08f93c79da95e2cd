import sharp from 'sharp';
import { CELL, GRID, MARK_DELTA } from './watermark.ts';

// Reading the invisible mark of watermark.ts back from a delivered page (tracing a leaked copy).

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
