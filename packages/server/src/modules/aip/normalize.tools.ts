import { spawn } from 'node:child_process';
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

// The external converters for preservation copies, from Debian: LibreOffice (headless) for office
// formats → PDF/A-2b, FFmpeg for images → PNG. Each run gets its own LibreOffice profile
// (-env:UserInstallation), so parallel runs never share or lock one, and a hard time limit.

export interface ToolRun {
  code: number | null;
  timedOut: boolean;
  stderr: string;
}

/** Runs a command in its own process group; on timeout the whole group is killed. */
export function run(cmd: string, args: string[], timeoutMs: number, cwd?: string): Promise<ToolRun> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: cwd ?? process.env.HOME } });
    let stderr = '';
    let timedOut = false;
    p.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    const t = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch { /* already gone */ }
    }, timeoutMs);
    p.on('error', (e) => {
      clearTimeout(t);
      resolve({ code: null, timedOut, stderr: String(e) });
    });
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, timedOut, stderr });
    });
  });
}

const versions = new Map<string, Promise<string>>();
/** The tool's version line, asked once per process (recorded in every PREMIS migration event). */
export function toolVersion(tool: 'soffice' | 'ffmpeg'): Promise<string> {
  let v = versions.get(tool);
  if (!v) {
    v = new Promise<string>((resolve) => {
      const p = spawn(tool, tool === 'ffmpeg' ? ['-version'] : ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', () => resolve('unavailable'));
      p.on('close', () => {
        const line = out.split('\n')[0] ?? '';
        const m = tool === 'ffmpeg' ? /ffmpeg version (\S+)/.exec(line) : /LibreOffice (\S+)/.exec(line);
        resolve(m?.[1] ?? (line.trim() || 'unknown'));
      });
    });
    versions.set(tool, v);
  }
  return v;
}

/** Office document → PDF/A-2 (LibreOffice's PDF export with SelectPdfVersion 2). Returns the PDF's path. */
export async function officeToPdfa(input: string, workDir: string, timeoutMs: number): Promise<{ file: string | null; run: ToolRun }> {
  const outDir = path.join(workDir, 'out');
  const profile = `file://${path.join(workDir, 'lo-profile')}`;
  const r = await run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck',
    '--convert-to', 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}', '--outdir', outDir, input], timeoutMs, workDir);
  const made = await readdir(outDir).catch(() => [] as string[]);
  const pdf = made.find((f) => f.toLowerCase().endsWith('.pdf'));
  return { file: r.code === 0 && !r.timedOut && pdf ? path.join(outDir, pdf) : null, run: r };
}

/** Image → PNG (lossless) through FFmpeg; the first frame only. */
export async function imageToPng(input: string, workDir: string, timeoutMs: number): Promise<{ file: string | null; run: ToolRun }> {
  const out = path.join(workDir, 'out.png');
  const r = await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', input, '-frames:v', '1', '-c:v', 'png', out], timeoutMs, workDir);
  return { file: r.code === 0 && !r.timedOut ? out : null, run: r };
}

/**
 * What the PDF declares itself to be in its XMP metadata (pdfaid:part / pdfaid:conformance), e.g.
 * '2B', or null when it makes no PDF/A claim. Reads the file in pieces; XMP packets are stored
 * uncompressed, as PDF/A requires.
 */
export async function pdfaClaim(file: string): Promise<string | null> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const chunk = Buffer.alloc(1 << 20);
    let carry = '';
    for (let pos = 0; pos < size; pos += chunk.length) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      const text = carry + chunk.subarray(0, bytesRead).toString('latin1');
      const part = /pdfaid:part(?:>|="?)\s*(\d)/.exec(text);
      if (part) {
        const conf = /pdfaid:conformance(?:>|="?)\s*([ABUabu])/.exec(text);
        return `${part[1]}${conf ? conf[1]!.toUpperCase() : ''}`;
      }
      carry = text.slice(-200);
    }
    return null;
  } finally {
    await fh.close();
  }
}

export const cleanup = (dir: string) => rm(dir, { recursive: true, force: true });
