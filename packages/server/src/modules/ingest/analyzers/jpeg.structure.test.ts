import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegStructure } from './jpeg.structure.js';
import { patternJpeg, td } from './test-support.js';

async function decodes(b: Buffer) {
  try {
    await sharp(b, { failOn: 'warning' }).raw().toBuffer();
    return true;
  } catch {
    return false; // including the empty file, which sharp refuses before decoding
  }
}

describe('JPEG structure walk', () => {
  it('agrees with a full libvips decode on every JPEG of the shared test data (good and bad ones)', async () => {
    const files = execFileSync('find', [td(''), '-iname', '*.jp*g'], { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(20);
    const seen = { ok: 0, bad: 0 };
    for (const f of files) {
      const b = fs.readFileSync(f);
      const s = jpegStructure(b);
      expect({ f, ok: s.ok || s.problem }).toEqual({ f, ok: (await decodes(b)) || s.problem });
      seen[s.ok ? 'ok' : 'bad']++;
    }
    expect(seen.bad).toBeGreaterThan(0); // JHOVE's fail.jpg among them
  });

  it('finds every truncation a decoder finds, and the headers that are not one', async () => {
    const good = await patternJpeg(600, 800);
    expect(jpegStructure(good)).toMatchObject({ ok: true, width: 600, height: 800, components: 3, scans: 1, trailing: 0 });
    for (let k = 1; k < 100; k++) {
      const cut = good.subarray(0, Math.floor((good.length * k) / 100));
      expect(jpegStructure(cut).ok).toBe(false);
      expect(await decodes(cut)).toBe(false);
    }
    const sosAt = good.indexOf(Buffer.from([0xff, 0xda]));
    const sofAt = good.indexOf(Buffer.from([0xff, 0xc0]));
    const noFrame = Buffer.concat([good.subarray(0, sofAt), good.subarray(sofAt + 2 + good.readUInt16BE(sofAt + 2))]);
    expect(jpegStructure(noFrame).problem).toMatch(/before the frame header/);
    const wrongComponent = Buffer.from(good);
    wrongComponent[sosAt + 5] = 9;
    expect(jpegStructure(wrongComponent).problem).toMatch(/component 9/);
    const zeroWidth = Buffer.from(good);
    zeroWidth.writeUInt16BE(0, sofAt + 7);
    expect(jpegStructure(zeroWidth).problem).toMatch(/width 0/);
    expect(jpegStructure(Buffer.from('GIF89a not a jpeg')).problem).toMatch(/SOI/);
    const trailing = Buffer.concat([good, Buffer.from('appended')]);
    expect(jpegStructure(trailing)).toMatchObject({ ok: true, trailing: 8 });
  });
});
