import fs from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { errorText, finding, type Finding } from './finding.js';
import { runTool, toolVersion } from './exec.js';
import { packageVersion } from './versions.js';

// Images decode: JPEG with jpeg-js and PNG with pngjs in-process (small files, no spawn); TIFF, GIF, BMP, JPEG 2000
// and large JPEGs with ffmpeg (Debian), decoding the first frame, where any decoder error counts.

const IN_PROCESS_MAX = 8 * 1024 * 1024;

export const ffmpegVersion = () => toolVersion('ffmpeg', ['-version'], (t) => /ffmpeg version (\S+)/.exec(t)?.[1] ?? t.split('\n')[0]!);

export async function analyzeImage(
  file: string,
  format: string,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Finding[]> {
  const size = (await fs.stat(file)).size;
  if ((format === 'jpeg' || format === 'png') && size <= IN_PROCESS_MAX) {
    const data = await fs.readFile(file);
    const tool = format === 'jpeg' ? 'jpeg-js' : 'pngjs';
    const ev: Record<string, unknown> = { tool, version: packageVersion(tool) };
    try {
      const img =
        format === 'jpeg'
          ? jpeg.decode(data, { maxMemoryUsageInMB: 1024, maxResolutionInMP: 200, formatAsRGBA: false })
          : PNG.sync.read(data);
      Object.assign(ev, { width: img.width, height: img.height });
      return [
        finding(
          'pass',
          'image.decoded',
          `图像可正常解码（${img.width}×${img.height}）`,
          `The image decodes (${img.width}×${img.height})`,
          ev,
        ),
      ];
    } catch (e) {
      ev.error = errorText(e);
      return [
        finding(
          'fail',
          'image.undecodable',
          `图像无法解码：${(e as Error).message}`,
          `The image cannot be decoded: ${(e as Error).message}`,
          ev,
        ),
      ];
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
