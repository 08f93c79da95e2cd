// Exports: readabilityCheck (id 'readability', GD-3-4 内容数据的可读性检测) — for checks/index.ts.
import { createHash, randomBytes } from 'node:crypto';
import type { CheckDefinition, Outcome } from './check.types.js';
import { formatOf, identifyFormat, type FormatInfo } from '../analyzers/format.analyzer.js';
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
export async function readFile(
  absPath: string,
  name: string,
  settings: Record<string, unknown>,
  signal: AbortSignal,
  /** format: the file's identification when known; renderPdfPage1: interpret a PDF's page 1; decodeImage: decode a
   * JPEG in full rather than walk its structure (both default true). */
  extra: { format?: FormatInfo; renderPdfPage1?: boolean; decodeImage?: boolean } = {},
): Promise<Finding[]> {
  const timeoutMs = Number(settings.timeoutMs) || 60_000;
  const info = extra.format ?? (await identifyFormat(absPath, name));
  const opts = { timeoutMs, signal };
  // Content without a magic number but named as a format we can read (a text file called .pdf): read it as that
  // format, so it fails as what it claims to be.
  if ((info.id === 'text' || info.id === 'unknown') && BY_EXTENSION[info.nameExt]) info.id = BY_EXTENSION[info.nameExt]!;
  if (info.id === 'zip' && info.nameExt === 'ofd') info.id = 'ofd'; // a zip named .ofd without OFD.xml fails as OFD
  if (info.id === 'empty') {
    const outcome: Outcome = settings.emptyFile === 'fail' ? 'fail' : 'warning';
    return [finding(outcome, 'readability.empty', '空文件（0 字节），没有可读内容', 'Empty file (0 bytes): nothing to read', { size: 0 })];
  }
  if (info.id === 'pdf' || info.id === 'pdfa') return analyzePdf(absPath, { ...opts, render: extra.renderPdfPage1 ?? true });
  if (info.id === 'ofd') return (await analyzeOfd(absPath)).findings;
  if (IMAGES.has(info.id)) return analyzeImage(absPath, info.id, { ...opts, decode: extra.decodeImage ?? true });
  if (MEDIA.has(info.id)) return analyzeMedia(absPath, opts);
  if (info.id === 'xml') return [await checkWellFormed(absPath, timeoutMs, signal)];
  if (info.id === 'text') return [finding('pass', 'readability.text', '文本文件可读', 'Readable text file', { format: 'text' })];
  return [
    finding('skipped', 'readability.no-reader', `没有 ${info.id} 格式的阅读检测`, `No reader for the ${info.id} format`, {
      format: info.id,
    }),
  ];
}

/**
 * Which files get the deep reading: a PDF's page 1 interpreted (fonts loaded, images decoded: 6–90 ms of CPU each,
 * several times the rest of the check), a JPEG decoded pixel by pixel (≈ 6 ms for a scanned page). Every one by
 * default (`pdfPage1: 'all'`, `imageDecode: 'all'`: DA/T 70 asks that each file be readable). An archive may switch a
 * stage to 'sample' for large transfers (a digitization batch of 100,000 scans): then every file of a package of up
 * to `sampleAllUpTo` content files, and beyond that a random sample of `sample` (5%, the acceptance-sampling rate of
 * digitization work), drawn with a fresh salt per run so a sender cannot predict it. The rest still get the shallow
 * reading: every PDF is opened and its page tree loaded (page 1 too where its opening warned), every JPEG's structure
 * walked marker by marker (a file with data after its end is decoded). The report records the modes.
 */
export function samplePolicy(settings: Record<string, unknown>, files: number, mode: 'pdfPage1' | 'imageDecode') {
  const upTo = Number(settings.sampleAllUpTo ?? 100);
  const asked = Number(settings.sample ?? 0.05);
  const fraction = Number.isFinite(asked) ? Math.min(1, Math.max(0, asked)) : 0.05;
  const all = settings[mode] !== 'sample' || files <= upTo || fraction >= 1;
  const salt = randomBytes(8).toString('hex');
  return {
    evidence: all ? { mode: 'all' } : { mode: 'sample', fraction, salt },
    render: (path: string) => all || createHash('sha256').update(salt).update(path).digest().readUInt32BE(0) < fraction * 2 ** 32,
  };
}

export const readabilityCheck: CheckDefinition = {
  id: 'readability',
  items: { GD: 'GD-3-4', YJ: 'YJ-3-4', CQ: 'CQ-3-4' },
  property: 'usability',
  zh: '内容数据的可读性检测（PDF 可渲染、图像可解码、OFD 可解析、音视频可探测）',
  en: 'Content is readable (PDF renders, images decode, OFD parses, media probes)',
  defaults: { timeoutMs: 60_000, emptyFile: 'warning', concurrency: 8, pdfPage1: 'all', imageDecode: 'all', sample: 0.05, sampleAllUpTo: 100 },
  choices: { emptyFile: ['warning', 'fail'], pdfPage1: ['all', 'sample'], imageDecode: ['all', 'sample'] },
  ranges: { timeoutMs: [1_000, 3_600_000], concurrency: [1, 64], sample: [0, 1], sampleAllUpTo: [0, 1_000_000] },
  async run(ctx) {
    const files = contentFiles(ctx.pkg);
    const policy = samplePolicy(ctx.settings, files.length, 'pdfPage1');
    const images = samplePolicy(ctx.settings, files.length, 'imageDecode');
    let interpreted = 0, walked = 0;
    const rows = await perFile(
      ctx,
      files,
      async (f) => {
        const extra = { format: await formatOf(f), renderPdfPage1: policy.render(f.path), decodeImage: images.render(f.path) };
        const out = await readFile(f.absPath, f.path, ctx.settings, ctx.signal, extra);
        if (out[0]?.evidence.page1Operators !== undefined) interpreted++;
        if (out[0]?.evidence.decoded === false) walked++;
        return out;
      },
      {
        concurrency: Number(ctx.settings.concurrency) || 8,
        zh: '可读性检测',
        en: 'Readability',
        summaryEvidence: { tools: 'pdf.js (+ poppler pdftoppm), sharp (libvips), ffmpeg/ffprobe, xmllint, Lantai OFD reader, Lantai JPEG structure walk' },
      },
    );
    rows[0]!.evidence.pdfPage1 = { ...policy.evidence, interpreted };
    rows[0]!.evidence.imageDecode = { ...images.evidence, structureOnly: walked };
    return rows;
  },
};
