// npm run bench:watermark-read — how often `readMark` gets a delivered page's invisible mark wrong, and how long it takes.
//
// Each page is new: an A4 150-dpi "scan" like the test kit's (`scanJpeg(1240, 1754)`: grey 225 with gaussian noise
// σ 12 per channel, a dark bar, JPEG q88) but with the noise drawn from a seeded generator (so a miss can be
// replayed: `SEED=<its seed> PAGES=1`), a delivery-like visible text (a reader's name · request number · time, the
// minute and request number varying per page), a fresh random mark id, stamped and encoded by `stampPage` as the
// delivery does, then read back. Pages come in kinds, by turns: `kit` (as above), `seal` (plus a red seal-like ring
// and a red stamp block) and `text` (plus blocks of dark text lines). Each page is read by the current `readMark` and by
// a copy of the reader before 2026-11-26 (`readMarkBefore` below), so both miss counts come from the same pages.
// Prints misses (wrong id; the reader never returns null) per reader and kind, ms per read (wall and CPU) and the
// load average. BENCH_SMOKE=1 (or CI=true): 12 pages; PAGES=n and SEED=s (the first page's seed) by hand.
import os from 'node:os';
import sharp from 'sharp';
import { buildOverlay, newMarkId, stampPage, type Overlay } from '../packages/server/src/modules/access/watermark.ts';
import { readMark } from '../packages/server/src/modules/access/watermark.read.ts';
import { rng } from './search.corpus.ts'; // mulberry32: a small seeded generator, enough for test pages

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const PAGES = Number(process.env.PAGES ?? (smoke ? 12 : 400));
const SEED = Number(process.env.SEED ?? 1);
const KINDS = (process.env.KINDS ?? 'kit,seal,text').split(',') as Kind[];
const W = 1240;
const H = 1754;
type Kind = 'kit' | 'seal' | 'text';


/** Gaussian noise levels (mean 225, σ 12, clamped to bytes) by inverse CDF over 65,536 equal-probability slots. */
const GAUSS = (() => {
  const erfinv = (x: number) => { // Giles' single-precision approximation, ample for test pages
    let w = -Math.log((1 - x) * (1 + x));
    if (w < 5) { w -= 2.5; let p = 2.81022636e-8; for (const c of [3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941]) p = c + p * w; return p * x; }
    w = Math.sqrt(w) - 3; let p = -0.000200214257; for (const c of [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682]) p = c + p * w; return p * x;
  };
  return Uint8Array.from({ length: 65536 }, (_, i) => Math.max(0, Math.min(255, Math.round(225 + 12 * Math.SQRT2 * erfinv((2 * (i + 0.5)) / 65536 - 1)))));
})();

/** The test kit's scan with seeded noise, plus the kind's extras; a JPEG q88 like `scanJpeg`. */
async function page(seed: number, kind: Kind): Promise<Buffer> {
  const r = rng(seed);
  const px = Buffer.alloc(W * H * 3);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < px.length; i += 2) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32: two 16-bit slots per step
    px[i] = GAUSS[x & 0xffff]!;
    px[i + 1] = GAUSS[x >>> 16]!;
  }
  let extra = '';
  if (kind === 'seal') {
    const cx = 300 + Math.floor(r() * 600);
    const cy = 300 + Math.floor(r() * 1100);
    extra = `<circle cx="${cx}" cy="${cy}" r="130" fill="none" stroke="#d02020" stroke-width="14" opacity="0.85"/>`
      + `<text x="${cx - 90}" y="${cy + 20}" font-size="48" fill="#c81e1e" opacity="0.85" font-family="Noto Sans CJK SC">档案专用章</text>`
      + `<rect x="${900 - Math.floor(r() * 300)}" y="${1400 + Math.floor(r() * 200)}" width="220" height="120" fill="#e03030" opacity="0.6"/>`;
  } else if (kind === 'text') {
    const y0 = 250 + Math.floor(r() * 200);
    extra = Array.from({ length: 30 }, (_, i) => `<text x="140" y="${y0 + i * 42}" font-size="30" fill="#202020" font-family="Noto Serif CJK SC">第${i + 1}行 关于印发年度工作要点的通知 档案利用 兰台市档案馆</text>`).join('');
  }
  const svg = `<svg width="${W}" height="${H}"><rect x="${W / 10}" y="${H / 10}" width="${W * 0.8}" height="${H / 40}" fill="#222"/>${extra}</svg>`;
  return sharp(px, { raw: { width: W, height: H, channels: 3 } }).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 88 }).toBuffer();
}

/** readMark as it was before 2026-11-26 (greyscale cells, 8-neighbour high-pass, median per bit), for the paired count. */
async function readMarkBefore(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  const cw = Math.floor(info.width / 8);
  const ch = Math.floor(info.height / 8);
  const cells = new Float64Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let s = 0;
      for (let y = cy * 8; y < (cy + 1) * 8; y++) for (let x = cx * 8, o = y * info.width + x; x < (cx + 1) * 8; x++, o++) s += data[o]!;
      cells[cy * cw + cx] = s / 64;
    }
  }
  const perBit: number[][] = Array.from({ length: 64 }, () => []);
  for (let cy = 1; cy < ch - 1; cy++) {
    for (let cx = 1; cx < cw - 1; cx++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy) n += cells[(cy + dy) * cw + cx + dx]!;
      perBit[(cy % 8) * 8 + (cx % 8)]!.push(cells[cy * cw + cx]! - n / 8);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
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

const NAMES = ['张利用', '李四', '欧阳明华', 'Wang Xiaoming', '赵钱孙'];
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const start = performance.now();
  console.log(`watermark read: ${PAGES} pages ${W}×${H} (A4 150 dpi), kinds ${KINDS.join('/')}, seeds ${SEED}…${SEED + PAGES - 1}; cpus ${os.cpus().length}; load average ${load()}`);
  const overlays = new Map<string, Overlay>();
  const miss = { before: new Map<Kind, number>(), after: new Map<Kind, number>() };
  const pages = new Map<Kind, number>();
  const missed: string[] = [];
  const wall = { before: 0, after: 0 };
  const cpu = { before: 0, after: 0 };
  for (let i = 0; i < PAGES; i++) {
    const seed = SEED + i;
    const kind = KINDS[i % KINDS.length]!;
    const r = rng(seed * 7919 + 17);
    const text = `${NAMES[Math.floor(r() * NAMES.length)]} · CD-2026-${String(Math.floor(r() * 1e6)).padStart(6, '0')} · 2026/11/${10 + Math.floor(r() * 18)} ${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
    const markId = newMarkId((n) => Math.floor(r() * n));
    const src = await page(seed, kind);
    const out = await stampPage(src, {
      text, markId, maxSide: 2339,
      overlays: async (w, h) => overlays.get(`${text}|${w}x${h}`) ?? overlays.set(`${text}|${w}x${h}`, await buildOverlay(text, w, h)).get(`${text}|${w}x${h}`)!,
    });
    overlays.clear();
    pages.set(kind, (pages.get(kind) ?? 0) + 1);
    for (const [name, read] of [['before', readMarkBefore], ['after', readMark]] as const) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const got = await read(out.jpeg);
      wall[name] += performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu[name] += (c.user + c.system) / 1000;
      if (got !== markId) {
        miss[name].set(kind, (miss[name].get(kind) ?? 0) + 1);
        missed.push(`${name} seed ${seed} ${kind} text '${text}' expected ${markId} got ${got}`);
      }
    }
    if ((i + 1) % 50 === 0) console.log(`  … ${i + 1} pages; misses before ${[...miss.before.values()].reduce((a, b) => a + b, 0)}, after ${[...miss.after.values()].reduce((a, b) => a + b, 0)}; load average ${load()}`);
  }
  for (const m of missed) console.log(`  miss: ${m}`);
  for (const name of ['before', 'after'] as const) {
    const total = [...miss[name].values()].reduce((a, b) => a + b, 0);
    const byKind = KINDS.map((k) => `${k} ${miss[name].get(k) ?? 0}/${pages.get(k) ?? 0}`).join(', ');
    console.log(`readMark ${name === 'before' ? 'before (old reader)' : 'now'}: ${total} misses in ${PAGES} pages (${byKind}); ${(wall[name] / PAGES).toFixed(1)} ms per read wall, ${(cpu[name] / PAGES).toFixed(1)} ms CPU; load average ${load()}`);
  }
  console.log(`${PAGES} pages in ${((performance.now() - start) / 1000).toFixed(1)} s (making, stamping and reading them twice)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
