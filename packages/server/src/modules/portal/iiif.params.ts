/**
 * IIIF Image API 3.0 request parameters (region/size/rotation/quality.format), level 1 plus pct: forms. Parsed
 * strictly; anything else is a 400. Upscaling (^) is not offered.
 */
export interface IiifRequest {
  region: { x: number; y: number; w: number; h: number };
  size: { w: number; h: number };
  rotation: number;
  mirror: boolean;
  quality: 'default' | 'color' | 'gray';
  format: 'jpg' | 'png' | 'webp';
}
export const IIIF_MAX = 2400;

const num = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN);

export function parseIiif(region: string, size: string, rotation: string, qf: string, width: number, height: number): IiifRequest | null {
  let r: IiifRequest['region'];
  if (region === 'full') r = { x: 0, y: 0, w: width, h: height };
  else if (region === 'square') {
    const s = Math.min(width, height);
    r = { x: Math.floor((width - s) / 2), y: Math.floor((height - s) / 2), w: s, h: s };
  } else {
    const pct = region.startsWith('pct:');
    const parts = (pct ? region.slice(4) : region).split(',').map(num);
    if (parts.length !== 4 || parts.some((p) => Number.isNaN(p))) return null;
    let [x, y, w, h] = parts as [number, number, number, number];
    if (pct) [x, y, w, h] = [x * width / 100, y * height / 100, w * width / 100, h * height / 100];
    else if (![x, y, w, h].every(Number.isInteger)) return null;
    x = Math.round(x); y = Math.round(y);
    w = Math.min(Math.round(w), width - x); h = Math.min(Math.round(h), height - y);
    if (w <= 0 || h <= 0 || x >= width || y >= height) return null;
    r = { x, y, w, h };
  }
  let s: IiifRequest['size'];
  const confined = size.startsWith('!');
  const sz = confined ? size.slice(1) : size;
  if (size === 'max') s = { w: r.w, h: r.h };
  else if (sz.startsWith('pct:')) {
    const p = num(sz.slice(4));
    if (!(p > 0 && p <= 100)) return null;
    s = { w: Math.max(1, Math.round(r.w * p / 100)), h: Math.max(1, Math.round(r.h * p / 100)) };
  } else {
    const m = /^(\d*),(\d*)$/.exec(sz);
    if (!m || (!m[1] && !m[2])) return null;
    const w = m[1] ? Number(m[1]) : 0;
    const h = m[2] ? Number(m[2]) : 0;
    if (confined) {
      if (!w || !h) return null;
      const k = Math.min(w / r.w, h / r.h, 1);
      s = { w: Math.max(1, Math.round(r.w * k)), h: Math.max(1, Math.round(r.h * k)) };
    } else if (w && h) s = { w, h };
    else if (w) s = { w, h: Math.max(1, Math.round(r.h * w / r.w)) };
    else s = { w: Math.max(1, Math.round(r.w * h / r.h)), h };
  }
  if (s.w > r.w || s.h > r.h) return null; // no upscaling
  if (s.w > IIIF_MAX || s.h > IIIF_MAX) {
    if (size !== 'max') return null;
    const k = Math.min(IIIF_MAX / s.w, IIIF_MAX / s.h);
    s = { w: Math.round(s.w * k), h: Math.round(s.h * k) };
  }
  const rm = /^(!?)(0|90|180|270)$/.exec(rotation);
  if (!rm) return null;
  const qm = /^(default|color|gray)\.(jpg|png|webp)$/.exec(qf);
  if (!qm) return null;
  return { region: r, size: s, rotation: Number(rm[2]), mirror: rm[1] === '!', quality: qm[1] as IiifRequest['quality'], format: qm[2] as IiifRequest['format'] };
}

/** The info.json of one image (a still image, or one page of a PDF). */
export function iiifInfo(id: string, width: number, height: number) {
  const factors = [1, 2, 4, 8, 16, 32].filter((f) => f === 1 || Math.max(width, height) / f >= 256);
  return {
    '@context': 'http://iiif.io/api/image/3/context.json', id, type: 'ImageService3', protocol: 'http://iiif.io/api/image', profile: 'level1',
    width, height, maxWidth: Math.min(width, IIIF_MAX), maxHeight: Math.min(height, IIIF_MAX),
    tiles: [{ width: 512, scaleFactors: factors }],
    sizes: factors.slice(1).reverse().map((f) => ({ width: Math.round(width / f), height: Math.round(height / f) })),
    extraFormats: ['png', 'webp'], extraQualities: ['color', 'gray'],
  };
}
