import fs from 'node:fs/promises';
import os from 'node:os';
import sharp from 'sharp';
import { errorText, finding, type Finding } from './finding.js';
import { jpegStructure } from './jpeg.structure.js';
import { runTool, toolVersion } from './exec.js';
import { packageVersion } from './versions.js';

// Images decode: JPEG and PNG with libvips through sharp, in-process (small files, no spawn; the decode runs on
// libvips/libuv threads, so both cores work and the event loop stays free), every pixel decoded and any decoder
// warning (truncated data, corrupt entropy-coded segments, bad CRC) counted as a failure; TIFF, GIF, BMP,
// JPEG 2000 and large JPEGs with ffmpeg (Debian), decoding the first frame, where any decoder error counts.

// libvips' operation cache only helps when the same image is processed again; for one decode per file it costs
// ≈ 1 ms of CPU a JPEG (5.7 instead of 7.0 ms for 0.1–0.7 MP pages). Process-wide; nothing in Lantai reuses
// an operation's result.
sharp.cache(false);

const IN_PROCESS_MAX = 8 * 1024 * 1024;
/** Largest image decoded in-process (pixels); larger ones are refused as a decompression bomb. */
const MAX_PIXELS = 200_000_000;

/**
 * Decodes at once: one per core. sharp runs on libuv's thread pool (4 threads), which file reads, stats and
 * hashing share, so a queue of decodes there would stall every other check's I/O.
 */
const slots = Math.max(1, os.availableParallelism());
let busy = 0;
const waiting: (() => void)[] = [];
async function decodeSlot<T>(fn: () => Promise<T>): Promise<T> {
  while (busy >= slots) await new Promise<void>((r) => waiting.push(r));
  busy++;
  try {
    return await fn();
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

export const ffmpegVersion = () => toolVersion('ffmpeg', ['-version'], (t) => /ffmpeg version (\S+)/.exec(t)?.[1] ?? t.split('\n')[0]!);
const libvips = () => ({ tool: 'sharp (libvips)', version: `${packageVersion('sharp')} (libvips ${sharp.versions.vips})` });

export async function analyzeImage(
  file: string,
  format: string,
  /** decode false: a JPEG's structure is walked instead of decoding it (a sampled run; see jpeg.structure.ts). */
  opts: { timeoutMs?: number; signal?: AbortSignal; decode?: boolean } = {},
): Promise<Finding[]> {
  const size = (await fs.stat(file)).size;
  let walked: Buffer | undefined; // the bytes the structure walk read, decoded next when it sends the file on
  if (format === 'jpeg' && opts.decode === false && size <= IN_PROCESS_MAX) {
    walked = await fs.readFile(file);
    const s = jpegStructure(walked);
    const ev = { tool: 'Lantai JPEG structure walk (ITU T.81 Annex B)', width: s.width, height: s.height, scans: s.scans, decoded: false };
    if (!s.ok) return [finding('fail', 'image.undecodable', `图像结构损坏：${s.problem}`, `The image is damaged: ${s.problem}`, { ...ev, problem: s.problem })];
    // Data after EOI is not a fault in itself, but it is what a decoder should look at: decode such a file in full.
    if (!s.trailing)
      return [finding('pass', 'image.structure', `图像结构完整（${s.width}×${s.height}，未抽中全解码）`, `The image's structure is whole (${s.width}×${s.height}; not drawn for a full decode)`, ev)];
  }
  if ((format === 'jpeg' || format === 'png') && size <= IN_PROCESS_MAX) {
    const data = walked ?? (await fs.readFile(file));
    const ev: Record<string, unknown> = libvips();
    try {
      const { info } = await decodeSlot(() =>
        sharp(data, { failOn: 'warning', limitInputPixels: MAX_PIXELS, sequentialRead: true }).raw().toBuffer({ resolveWithObject: true }),
      );
      Object.assign(ev, { width: info.width, height: info.height });
      return [
        finding(
          'pass',
          'image.decoded',
          `图像可正常解码（${info.width}×${info.height}）`,
          `The image decodes (${info.width}×${info.height})`,
          ev,
        ),
      ];
    } catch (e) {
      ev.error = errorText(e);
      const why = (e as Error).message.split('\n')[0]!;
      return [finding('fail', 'image.undecodable', `图像无法解码：${why}`, `The image cannot be decoded: ${why}`, ev)];
    }
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const r = await runTool('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-i', file, '-frames:v', '1', '-f', 'null', '-'], {
    timeoutMs,
    signal: opts.signal,
    maxStdout: 1024,
  });
  const ev: Record<string, unknown> = { tool: 'ffmpeg', version: await ffmpegVersion() };
  if (r.startError)
    return [finding('skipped', 'image.tool-missing', `ffmpeg 不可用：${r.startError}`, `ffmpeg is not available: ${r.startError}`, ev)];
  if (r.timedOut)
    return [finding('fail', 'image.timeout', `图像解码超时（${timeoutMs} ms）`, `Decoding the image took longer than ${timeoutMs} ms`, ev)];
  const errors = r.stderr
    .split('\n')
    .map((l) =>
      l
        .replace(/^\[[^\]]*\]\s*/, '')
        .replaceAll(file, '<file>')
        .trim(),
    )
    .filter(Boolean)
    .slice(0, 10);
  if (r.code !== 0 || errors.length) {
    ev.errors = errors;
    return [
      finding(
        'fail',
        'image.undecodable',
        `图像无法完整解码：${errors[0] ?? `ffmpeg 退出码 ${r.code}`}`,
        `The image does not decode cleanly: ${errors[0] ?? `ffmpeg exit code ${r.code}`}`,
        ev,
      ),
    ];
  }
  return [finding('pass', 'image.decoded', '图像可正常解码', 'The image decodes', ev)];
}
