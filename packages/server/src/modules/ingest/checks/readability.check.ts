// Exports: readabilityCheck (id 'readability', GD-3-4 内容数据的可读性检测) — for checks/index.ts.
import type { CheckDefinition, Outcome } from './check.types.js';
import { identifyFormat } from '../analyzers/format.analyzer.js';
import { finding, type Finding } from '../analyzers/finding.js';
import { analyzeImage } from '../analyzers/image.analyzer.js';
import { analyzeMedia } from '../analyzers/media.analyzer.js';
import { analyzeOfd } from '../analyzers/ofd.analyzer.js';
import { analyzePdf } from '../analyzers/pdf.analyzer.js';
import { contentFiles, perFile } from '../analyzers/per-file.js';
import { checkWellFormed } from '../analyzers/xml.analyzer.js';

const BY_EXTENSION: Record<string, string> = {
  pdf: 'pdf',
  ofd: 'ofd',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  tif: 'tiff',
  tiff: 'tiff',
  mp3: 'mp3',
  wav: 'wav',
  mp4: 'mp4',
  xml: 'xml',
};
const IMAGES = new Set(['jpeg', 'png', 'tiff', 'gif', 'bmp', 'jp2', 'webp']);
const MEDIA = new Set(['mp3', 'wav', 'mp4', 'mpeg', 'avi', 'mov', 'aif', 'flac', 'ogg', 'mkv', 'webm', 'm4a', 'wma', 'wmv', 'flv', 'mts']);

/** Opens a file with the reader its content (not its name) calls for. Never throws for hostile content. */
export async function readFile(absPath: string, name: string, settings: Record<string, unknown>, signal: AbortSignal): Promise<Finding[]> {
  const timeoutMs = Number(settings.timeoutMs) || 60_000;
  const info = await identifyFormat(absPath, name);
  const opts = { timeoutMs, signal };
  // Content without a magic number but named as a format we can read (a text file called .pdf): read it as that
  // format, so it fails as what it claims to be.
  if ((info.id === 'text' || info.id === 'unknown') && BY_EXTENSION[info.nameExt]) info.id = BY_EXTENSION[info.nameExt]!;
  if (info.id === 'zip' && info.nameExt === 'ofd') info.id = 'ofd'; // a zip named .ofd without OFD.xml fails as OFD
  if (info.id === 'empty') {
    const outcome: Outcome = settings.emptyFile === 'fail' ? 'fail' : 'warning';
    return [finding(outcome, 'readability.empty', '空文件（0 字节），没有可读内容', 'Empty file (0 bytes): nothing to read', { size: 0 })];
  }
  if (info.id === 'pdf' || info.id === 'pdfa') return analyzePdf(absPath, opts);
  if (info.id === 'ofd') return (await analyzeOfd(absPath)).findings;
  if (IMAGES.has(info.id)) return analyzeImage(absPath, info.id, opts);
  if (MEDIA.has(info.id)) return analyzeMedia(absPath, opts);
  if (info.id === 'xml') return [await checkWellFormed(absPath, timeoutMs, signal)];
  if (info.id === 'text') return [finding('pass', 'readability.text', '文本文件可读', 'Readable text file', { format: 'text' })];
  return [
    finding('skipped', 'readability.no-reader', `没有 ${info.id} 格式的阅读检测`, `No reader for the ${info.id} format`, {
      format: info.id,
    }),
  ];
}

export const readabilityCheck: CheckDefinition = {
  id: 'readability',
  items: { GD: 'GD-3-4', YJ: 'YJ-3-4', CQ: 'CQ-3-4' },
  property: 'usability',
  zh: '内容数据的可读性检测（PDF 可渲染、图像可解码、OFD 可解析、音视频可探测）',
  en: 'Content is readable (PDF renders, images decode, OFD parses, media probes)',
  defaults: { timeoutMs: 60_000, emptyFile: 'warning', concurrency: 2 },
  async run(ctx) {
    return perFile(ctx, contentFiles(ctx.pkg), (f) => readFile(f.absPath, f.path, ctx.settings, ctx.signal), {
      concurrency: Number(ctx.settings.concurrency) || 2,
      zh: '可读性检测',
      en: 'Readability',
      summaryEvidence: { tools: 'pdf.js (+ poppler pdftoppm), jpeg-js, pngjs, ffmpeg/ffprobe, xmllint, Lantai OFD reader' },
    });
  },
};
