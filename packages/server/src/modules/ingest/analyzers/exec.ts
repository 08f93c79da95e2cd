import { spawn } from 'node:child_process';

export interface ToolRun {
  /** Exit code; null when killed (time limit, cancel) or when the tool could not be started. */
  code: number | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  /** Set when the program is missing or could not be started (ENOENT …). */
  startError?: string;
  ms: number;
}

export interface ToolOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** stdout kept at most (bytes); more is dropped and the tool is killed. Default 16 MiB. */
  maxStdout?: number;
  input?: Buffer;
}

/**
 * Runs an external tool with a hard time limit (SIGKILL of its process group), no shell, stdin closed or fed,
 * output capped. Never throws: a missing tool or a crash comes back as data for the caller to turn into a finding.
 */
export function runTool(cmd: string, args: string[], opts: ToolOptions): Promise<ToolRun> {
  const started = performance.now();
  const maxStdout = opts.maxStdout ?? 16 * 1024 * 1024;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outLen = 0;
    let err = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { ...process.env, LC_ALL: 'C' } });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => kill();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (code: number | null, startError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout: Buffer.concat(out), stderr: err, timedOut, startError, ms: performance.now() - started });
    };
    child.stdout.on('data', (b: Buffer) => {
      outLen += b.length;
      if (outLen <= maxStdout) out.push(b);
      else kill();
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 64 * 1024) err += b.toString('utf8');
    });
    child.stdin.on('error', () => {}); // the tool may exit before reading all its input
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code));
    if (opts.input) child.stdin.end(opts.input);
    else child.stdin.end();
    if (opts.signal?.aborted) kill();
  });
}

const versions = new Map<string, Promise<string | null>>();

/** A tool's version line (first line of `cmd ...args`), cached per process; null when the tool is missing. */
export function toolVersion(cmd: string, args: string[], pick: (text: string) => string = firstLine): Promise<string | null> {
  const key = `${cmd} ${args.join(' ')}`;
  let v = versions.get(key);
  if (!v) {
    v = runTool(cmd, args, { timeoutMs: 10_000 }).then((r) =>
      r.startError || r.timedOut ? null : pick(`${r.stdout.toString('utf8')}\n${r.stderr}`.trim()) || null,
    );
    versions.set(key, v);
  }
  return v;
}

const firstLine = (s: string) => s.split('\n')[0]!.trim();
