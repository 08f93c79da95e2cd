import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { scanJpeg } from './access.test-kit.ts';
import { buildOverlay, newMarkId, readMark, stampPage } from './watermark.ts';

const overlays = (text: string) => (w: number, h: number) => buildOverlay(text, w, h);

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
});
