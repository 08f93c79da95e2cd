import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { scanJpeg } from './access.test-kit.ts';
import { buildOverlay, markRaw, newMarkId, stampPage } from './watermark.ts';
import { markScores, readMark } from './watermark.read.ts';

const overlays = (text: string) => (w: number, h: number) => buildOverlay(text, w, h);

/** Gaussian levels (mean 225, σ 12) by inverse CDF over 65,536 equal-probability slots (as bench/watermark-read.bench.ts). */
const GAUSS = (() => {
  const erfinv = (x: number) => { // Giles' single-precision approximation
    let w = -Math.log((1 - x) * (1 + x));
    if (w < 5) { w -= 2.5; let p = 2.81022636e-8; for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = c + p * w; return p * x; }
    w = Math.sqrt(w) - 3; let p = -0.000200214257; for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = c + p * w; return p * x;
  };
  return Uint8Array.from({ length: 65536 }, (_, i) => Math.max(0, Math.min(255, Math.round(225 + 12 * Math.SQRT2 * erfinv((2 * (i + 0.5)) / 65536 - 1)))));
})();

/** The test kit's noisy A4 150-dpi scan (`scanJpeg(1240, 1754)`), with its noise from a seed so the page is the same every run. */
function seededScan(seed: number, width = 1240, height = 1754) {
  const px = Buffer.alloc(width * height * 3);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i + 1 < px.length; i += 2) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    px[i] = GAUSS[x & 0xffff]!;
    px[i + 1] = GAUSS[x >>> 16]!;
  }
  const svg = `<svg width="${width}" height="${height}"><rect x="${width / 10}" y="${height / 10}" width="${width * 0.8}" height="${height / 40}" fill="#222"/></svg>`;
  return sharp(px, { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 88 }).toBuffer();
}

/** A mark id from its 64 bits, row by row of the 8×8 grid. */
const idOf = (bit: (row: number, col: number) => boolean) =>
  Array.from({ length: 16 }, (_, n) => [0, 1, 2, 3].reduce((v, b) => (v << 1) | (bit(((n * 4 + b) / 8) | 0, (n * 4 + b) % 8) ? 1 : 0), 0).toString(16)).join('');

describe('watermark', () => {
  it('mark ids have exactly 32 one-bits and differ', () => {
    const ids = Array.from({ length: 50 }, () => newMarkId());
    for (const id of ids) expect([...id].reduce((n, c) => n + parseInt(c, 16).toString(2).replace(/0/g, '').length, 0)).toBe(32);
    expect(new Set(ids).size).toBe(50);
  });

  it('burns a visible red text layer into the page and an invisible id that survives a JPEG re-save', async () => {
    const src = await scanJpeg(1240, 1754);
    const markId = newMarkId();
    const out = await stampPage(src, { text: '张三 · CD-2026-000123 · 2026-11-25 21:40', markId, maxSide: 2339, overlays: overlays('张三 · CD-2026-000123 · 2026-11-25 21:40') });
    expect([out.width, out.height]).toEqual([1240, 1754]);
    const { data } = await sharp(out.jpeg).raw().toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i]! > data[i + 1]! + 15) red++;
    expect(red / (data.length / 3)).toBeGreaterThan(0.005);
    expect(await readMark(out.jpeg)).toBe(markId);
    const resaved = await sharp(out.jpeg).jpeg({ quality: 70 }).toBuffer();
    expect(await readMark(resaved)).toBe(markId);
    // The EXIF copy of the id, the easy-to-find (and easy-to-strip) one.
    expect((await sharp(out.jpeg).metadata()).exif?.toString('latin1')).toContain(`lantai-delivery-mark:${markId}`);
  });

  it('scales a 300-dpi A4 scan down to the access size; an unmarked page reads as no particular id', async () => {
    const src = await scanJpeg(2480, 3508);
    const markId = newMarkId();
    const out = await stampPage(src, { text: 'x', markId, maxSide: 2339, overlays: overlays('x') });
    expect([out.width, out.height]).toEqual([1654, 2339]);
    expect(await readMark(out.jpeg)).toBe(markId);
    expect(await readMark(src)).not.toBe(markId);
  });

  // The reader before 2026-11-26 compared each cell with its 8 neighbours and stopped there, which also subtracts an
  // eighth of each neighbouring bit's mark: a one among ones and a zero among zeros both came out at ≈ 0, and the
  // visible text tile (not in step with the 64-px grid) decided them — ~1 page in 120 misread (CI: two bits swapped).
  it('reads a page the old reader misread: the bench page of seed 43 (a delivery-like text, fresh mark)', async () => {
    const text = '赵钱孙 · CD-2026-483718 · 2026/11/11 15:31';
    const markId = 'd2d0edcdc542c336'; // the old reader read d2d0ed4dc552c336
    const out = await stampPage(await seededScan(43), { text, markId, maxSide: 2339, overlays: overlays(text) });
    expect(await readMark(out.jpeg)).toBe(markId);
  });

  it('reads a mark whose ones and zeros come in solid blocks (bits whose 8 neighbours all carry the same bit), with a margin', async () => {
    // Ones fill rows 0–3 × columns 0–3, zeros rows 4–7 × columns 4–7, a checkerboard elsewhere: 32 ones.
    const markId = idOf((r, c) => (r < 4 && c < 4 ? true : r >= 4 && c >= 4 ? false : (r + c) % 2 === 0));
    expect(markId).toBe('faf5faf5a050a050');
    const text = '张利用 · CD-2026-000123 · 2026/11/25 21:40';
    const out = await stampPage(await seededScan(7), { text, markId, maxSide: 2339, overlays: overlays(text) });
    expect(await readMark(out.jpeg)).toBe(markId);
    // Every one reads darker than every zero by at least half the ones' mean lead (the old reader's gap here: < 0).
    const s = await markScores(out.jpeg);
    const bits = [...markId].flatMap((h) => [3, 2, 1, 0].map((b) => (parseInt(h, 16) >> b) & 1));
    const ones = s.filter((_, i) => bits[i]);
    const zeros = s.filter((_, i) => !bits[i]);
    const lead = ones.reduce((a, b) => a + b, 0) / 32 - zeros.reduce((a, b) => a + b, 0) / 32;
    expect(ones).toHaveLength(32);
    expect(Math.min(...ones) - Math.max(...zeros)).toBeGreaterThan(lead / 2);
  });

  it('reads the mark on a page without the visible layer, and on one with a red seal and dark text blocks', async () => {
    const markId = newMarkId();
    const { data, info } = await sharp(await seededScan(11)).raw().toBuffer({ resolveWithObject: true });
    markRaw(data, info.width, info.height, markId);
    const plain = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
    expect(await readMark(plain)).toBe(markId);
    const lines = Array.from({ length: 24 }, (_, i) => `<text x="140" y="${400 + i * 42}" font-size="30" fill="#202020" font-family="Noto Serif CJK SC">第${i + 1}行 关于印发年度工作要点的通知 档案利用</text>`).join('');
    const seal = '<circle cx="700" cy="1300" r="130" fill="none" stroke="#d02020" stroke-width="14"/><rect x="300" y="1450" width="260" height="140" fill="#e03030" opacity="0.6"/>';
    const busy = await sharp(await seededScan(12)).composite([{ input: Buffer.from(`<svg width="1240" height="1754">${lines}${seal}</svg>`) }]).jpeg({ quality: 88 }).toBuffer();
    const text = '李四 · CD-2026-000777 · 2026/11/26 09:05';
    const out = await stampPage(busy, { text, markId, maxSide: 2339, overlays: overlays(text) });
    expect(await readMark(out.jpeg)).toBe(markId);
  });
});
