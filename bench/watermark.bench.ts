// npm run bench:watermark — watermarking one page of an A4 300-dpi scan (2480 × 3508 JPEG), the goal being < 200 ms.
//
// Times stampPage (decode → visible + invisible marks → JPEG encode) as the delivery routes call it, at the access
// size (longer side 2339 px = A4 at 200 dpi, the default) and at full 300 dpi, with the per-delivery overlay warm
// (it is cached per reader/minute/size) and once cold (text layout included). Prints p50/p95 and the load average.
// BENCH_SMOKE=1 (or CI=true): a few repetitions.
import os from 'node:os';
import sharp from 'sharp';
import { buildOverlay, newMarkId, stampPage, type Overlay } from '../packages/server/src/modules/access/watermark.ts';

const smoke = process.env.BENCH_SMOKE === '1' || process.env.CI === 'true';
const REPS = smoke ? 3 : 20;
const W = 2480;
const H = 3508;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  // A scan-like page: paper-coloured noise, text lines, a ruled line (≈ 1.5 MB JPEG, like a real 300-dpi grey scan).
  const lines = Array.from({ length: 40 }, (_, i) => `<text x="220" y="${500 + i * 72}" font-size="44" font-family="Noto Serif CJK SC">第${i + 1}行 关于印发年度工作要点的通知 档案利用 兰台市</text>`).join('');
  const scan = await sharp({ create: { width: W, height: H, channels: 3, background: '#efeadf', noise: { type: 'gaussian', mean: 232, sigma: 8 } } })
    .composite([{ input: Buffer.from(`<svg width="${W}" height="${H}"><rect x="200" y="380" width="2080" height="6" fill="#333"/>${lines}</svg>`) }]).jpeg({ quality: 85 }).toBuffer();
  console.log(`source: ${W}×${H} JPEG, ${(scan.length / 1e6).toFixed(2)} MB; ${REPS} runs each; cpus ${os.cpus().length}`);
  const text = '张利用 · CD-2026-000123 · 2026/11/25 21:40';
  const markId = newMarkId();
  const cache = new Map<string, Overlay>();
  const overlays = async (w: number, h: number) => {
    const k = `${w}x${h}`;
    if (!cache.has(k)) cache.set(k, await buildOverlay(text, w, h));
    return cache.get(k)!;
  };
  for (const maxSide of [2339, 3508]) {
    const t0 = performance.now();
    await stampPage(scan, { text, markId, maxSide, overlays });
    const cold = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      await stampPage(scan, { text, markId, maxSide, overlays });
      times.push(performance.now() - t);
    }
    const label = maxSide === 2339 ? 'access size 1654×2339 (200 dpi)' : 'full size 2480×3508 (300 dpi)';
    console.log(`${label}: cold ${cold.toFixed(0)} ms, warm p50 ${pct(times, 50).toFixed(0)} ms, p95 ${pct(times, 95).toFixed(0)} ms; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
