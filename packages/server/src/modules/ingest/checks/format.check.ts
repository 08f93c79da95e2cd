// Exports: formatCheck (id 'format-identification', GD-3-3 内容数据格式检测) — for checks/index.ts.
import type { CheckDefinition, PackageFile } from './check.types.js';
import { EXECUTABLE_IDS, EXTENSION_FORMATS, formatOf, type FormatInfo } from '../analyzers/format.analyzer.js';
import { finding, type Finding } from '../analyzers/finding.js';
import { contentFiles, perFile } from '../analyzers/per-file.js';
import { packageVersion } from '../analyzers/versions.js';

/** GB/T 18894-2016 archival formats (standards.md §5.4): 版式 OFD/PDF(A), images, audio, video, XML. */
export const GBT18894_FORMATS = ['ofd', 'pdfa', 'pdf', 'jpeg', 'tiff', 'png', 'mp3', 'wav', 'mp4', 'mpeg', 'xml'];

const LABEL: Record<string, string> = {
  pdfa: 'PDF/A',
  pdf: 'PDF',
  ofd: 'OFD',
  jpeg: 'JPEG',
  tiff: 'TIFF',
  png: 'PNG',
  mp3: 'MP3',
  wav: 'WAV',
  mp4: 'MP4',
  mpeg: 'MPEG',
  xml: 'XML',
};
const label = (id: string) => LABEL[id] ?? id.toUpperCase();

/** A declared format (电子属性 "格式": 'PDF', 'application/pdf', 'PDF/A-1b', 'image/jpeg', 'OFD' …) → our id, or undefined. */
export function normalizeDeclaredFormat(declared: string): string | undefined {
  const s = declared.trim().toLowerCase().replace(/^\./, '');
  if (!s) return undefined;
  if (/^pdf\s*\/?\s*a/.test(s) || s === 'application/pdfa') return 'pdfa';
  const sub = s.includes('/') ? s.split('/').pop()!.replace(/^x-/, '') : s;
  const alias: Record<string, string> = {
    jpg: 'jpeg',
    pjpeg: 'jpeg',
    tif: 'tiff',
    mpeg4: 'mp4',
    'mpeg-4': 'mp4',
    mpeg2: 'mpeg',
    'mpeg-2': 'mpeg',
    mpg: 'mpeg',
    wave: 'wav',
    'vnd.wave': 'wav',
    mpeg3: 'mp3',
    plain: 'text',
    txt: 'text',
    ofd: 'ofd',
  };
  if (s === 'audio/mpeg') return 'mp3';
  if (s === 'video/mpeg') return 'mpeg';
  return alias[sub] ?? sub;
}

/** A loose identification (no magic number): text, unknown. Mismatch with the name is a warning, not a spoof. */
const WEAK = new Set(['text', 'unknown', 'empty']);

export function judgeFormat(info: FormatInfo, file: PackageFile, archival: string[]): Finding[] {
  const ev = { format: info.id, mime: info.mime, extension: info.nameExt || null, pdfa: info.pdfa, size: info.size };
  const out: Finding[] = [];
  if (info.id === 'empty')
    return [finding('warning', 'format.empty', '空文件（0 字节），无法识别格式', 'Empty file (0 bytes): no format to identify', ev)];
  const allowedByName = EXTENSION_FORMATS[info.nameExt];
  const nameOk = !info.nameExt || (allowedByName ? allowedByName.includes(info.id) : info.contentExt === info.nameExt);
  if (WEAK.has(info.id)) {
    out.push(
      finding(
        'warning',
        'format.unidentified',
        `内容无法识别为已知格式（扩展名 .${info.nameExt || '无'} 仅凭文件名）`,
        `The content matches no known format (the extension .${info.nameExt || 'none'} is only a name)`,
        ev,
      ),
    );
  } else if (!nameOk && (allowedByName || EXECUTABLE_IDS.has(info.id))) {
    out.push(
      finding(
        'fail',
        'format.spoofed',
        `扩展名 .${info.nameExt} 与内容格式 ${label(info.id)} 不符（伪装文件）`,
        `The extension .${info.nameExt} does not match the content, which is ${label(info.id)} (spoofed type)`,
        ev,
      ),
    );
  } else if (!nameOk) {
    out.push(
      finding(
        'warning',
        'format.extension-mismatch',
        `扩展名 .${info.nameExt} 与内容格式 ${label(info.id)} 不一致`,
        `The extension .${info.nameExt} differs from the content format ${label(info.id)}`,
        ev,
      ),
    );
  }
  const declared = file.declared?.format;
  if (declared) {
    const d = normalizeDeclaredFormat(declared);
    const ok = d === info.id || (d === 'pdf' && info.id === 'pdfa');
    if (!ok)
      out.push(
        finding(
          'fail',
          'format.declared-mismatch',
          `元数据著录格式“${declared}”与内容格式 ${label(info.id)} 不符`,
          `The metadata declares "${declared}" but the content is ${label(info.id)}`,
          { ...ev, declared },
        ),
      );
  }
  if (!WEAK.has(info.id) && !archival.includes(info.id)) {
    out.push(
      finding(
        'warning',
        'format.not-archival',
        `${label(info.id)} 不在归档格式清单（GB/T 18894）内`,
        `${label(info.id)} is not on the archival format list (GB/T 18894)`,
        { ...ev, archivalFormats: archival },
      ),
    );
  }
  if (info.pdfa && !info.pdfa.namespaceOk) {
    out.push(
      finding(
        'warning',
        'format.pdfa-claim-invalid',
        'PDF/A 标识（pdfaid）的命名空间不正确，按普通 PDF 处理',
        'The PDF/A identification (pdfaid) has the wrong namespace; treated as plain PDF',
        ev,
      ),
    );
  }
  if (out.length === 0)
    out.push(finding('pass', 'format.ok', `格式 ${label(info.id)}，符合归档格式要求`, `Format ${label(info.id)}, an archival format`, ev));
  return out;
}

export const formatCheck: CheckDefinition = {
  id: 'format-identification',
  items: { GD: 'GD-3-3', YJ: 'YJ-3-3', CQ: 'CQ-3-3' },
  property: 'usability',
  zh: '内容数据格式检测（按内容识别，GB/T 18894 归档格式）',
  en: 'Content format identification (by content; GB/T 18894 archival formats)',
  defaults: { archivalFormats: GBT18894_FORMATS, concurrency: 8 },
  async run(ctx) {
    const archival = Array.isArray(ctx.settings.archivalFormats) ? (ctx.settings.archivalFormats as string[]) : GBT18894_FORMATS;
    return perFile(ctx, contentFiles(ctx.pkg), async (f) => judgeFormat(await formatOf(f), f, archival), {
      concurrency: Number(ctx.settings.concurrency) || 8,
      zh: '格式识别',
      en: 'Format identification',
      summaryEvidence: { tool: `file-type ${packageVersion('file-type')} + Lantai PDF/A, OFD and XML sniffers`, archivalFormats: archival },
    });
  },
};
