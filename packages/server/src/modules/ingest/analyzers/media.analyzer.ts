import { finding, type Finding } from './finding.js';
import { runTool, toolVersion } from './exec.js';

// Audio and video probe with ffprobe (Debian ffmpeg): container and streams must be readable, with a duration.

export const ffprobeVersion = () => toolVersion('ffprobe', ['-version'], (t) => /ffprobe version (\S+)/.exec(t)?.[1] ?? t.split('\n')[0]!);

interface Probe {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string }[];
}

export async function analyzeMedia(file: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Finding[]> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const r = await runTool(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=format_name,duration:stream=codec_type,codec_name', '-of', 'json', file],
    { timeoutMs, signal: opts.signal, maxStdout: 1024 * 1024 },
  );
  const ev: Record<string, unknown> = { tool: 'ffprobe', version: await ffprobeVersion() };
  if (r.startError)
    return [finding('skipped', 'media.tool-missing', `ffprobe 不可用：${r.startError}`, `ffprobe is not available: ${r.startError}`, ev)];
  if (r.timedOut)
    return [
      finding('fail', 'media.timeout', `音视频探测超时（${timeoutMs} ms）`, `Probing the media took longer than ${timeoutMs} ms`, ev),
    ];
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
  let probe: Probe = {};
  try {
    probe = JSON.parse(r.stdout.toString('utf8') || '{}') as Probe;
  } catch {
    // unreadable output counts as no streams
  }
  const streams = (probe.streams ?? []).map((s) => `${s.codec_type}:${s.codec_name}`);
  const duration = Number(probe.format?.duration);
  Object.assign(ev, { container: probe.format?.format_name, streams, duration: Number.isFinite(duration) ? duration : null });
  if (r.code !== 0 || streams.length === 0) {
    ev.errors = errors;
    return [
      finding(
        'fail',
        'media.unreadable',
        `音视频文件无法读取：${errors[0] ?? '没有可识别的音视频流'}`,
        `The media file cannot be read: ${errors[0] ?? 'no audio or video stream found'}`,
        ev,
      ),
    ];
  }
  if (errors.length)
    return [
      finding('warning', 'media.damaged', `音视频文件有错误：${errors[0]}`, `The media file has errors: ${errors[0]}`, { ...ev, errors }),
    ];
  if (!(duration >= 0.01)) return [finding('warning', 'media.no-content', '音视频时长几乎为零', 'The media has (almost) no duration', ev)];
  return [
    finding(
      'pass',
      'media.readable',
      `音视频可读取（${streams.join(', ')}，${duration.toFixed(1)} 秒）`,
      `The media is readable (${streams.join(', ')}, ${duration.toFixed(1)} s)`,
      ev,
    ),
  ];
}
