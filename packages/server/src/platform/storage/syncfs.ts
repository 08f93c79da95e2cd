import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);
const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
/** What `sync` says where it has no -f (not coreutils on Linux). */
const NO_F = /unrecognized option|invalid option/i;

// The helper: a shell that runs `sync -f` for each path it reads and answers with the exit status and the message.
const SCRIPT = 'while IFS= read -r p; do m=$(sync -f -- "$p" 2>&1); s=$?; printf "%s %s\\n" "$s" "$(printf "%s" "$m" | tr "\\n" " ")"; done';

type Waiter = { resolve: (line: string) => void; reject: (e: Error) => void };
let helper: { child: ChildProcessWithoutNullStreams; waiting: Waiter[] } | undefined;

function start() {
  const child = spawn('sh', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] }) as unknown as ChildProcessWithoutNullStreams;
  const h = { child, waiting: [] as Waiter[] };
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    for (let k = buf.indexOf('\n'); k >= 0; k = buf.indexOf('\n')) {
      const line = buf.slice(0, k);
      buf = buf.slice(k + 1);
      h.waiting.shift()?.resolve(line);
      if (!h.waiting.length) idle(h);
    }
  });
  const gone = (why: string) => {
    if (helper === h) helper = undefined;
    for (const w of h.waiting.splice(0)) w.reject(new Error(why));
  };
  child.on('error', (e) => gone(e.message));
  child.on('exit', (code, signal) => gone(`sync helper exited (${signal ?? code})`));
  child.stdin.on('error', () => undefined); // a helper gone mid-write: its 'exit' rejects the waiters
  idle(h);
  return h;
}
/** An idle helper does not keep the process alive (it ends with the process: its stdin closes). */
const pipes = (h: NonNullable<typeof helper>) => [h.child.stdout, h.child.stdin] as unknown as Socket[];
function idle(h: NonNullable<typeof helper>) { h.child.unref(); for (const p of pipes(h)) p.unref(); }
function busy(h: NonNullable<typeof helper>) { h.child.ref(); for (const p of pipes(h)) p.ref(); }

/** As long as the command started directly was given (a sync of a hung filesystem). */
const TIMEOUT_MS = 600_000;
class SyncTimeout extends Error {}

async function viaHelper(path: string, timeoutMs: number): Promise<string> {
  helper ??= start();
  const h = helper;
  busy(h);
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new SyncTimeout(`sync -f ${path}: no answer in ${timeoutMs} ms`));
      h.child.kill('SIGKILL'); // the calls queued behind it fall back to starting sync directly
    }, timeoutMs);
    timer.unref();
    const done = <T>(f: (x: T) => void) => (x: T) => { clearTimeout(timer); f(x); };
    h.waiting.push({ resolve: done(resolve), reject: done(reject) });
    h.child.stdin.write(`${path}\n`);
  });
}

/**
 * syncfs(2) on the filesystem holding `path`, through coreutils `sync -f`; false where that is not available (not
 * Linux). The command runs in a shell started once per process and kept: starting `sync` from this process forks
 * all of it (a server with pdf.js threads and libvips), which blocked the event loop 20–40 ms a call, about as long as
 * the sync itself (docs/BENCHMARKS.md, session 9). Where the helper cannot run (no `sh`, it died, a path with a line
 * break) the command is started directly, as before. A sync with no answer in `timeoutMs` fails (its helper is ended).
 */
export async function syncFilesystem(path: string, timeoutMs = TIMEOUT_MS): Promise<boolean> {
  if (!path.includes('\n')) {
    const line = await viaHelper(path, timeoutMs).catch((e: unknown) => { if (e instanceof SyncTimeout) throw e; return null; });
    if (line !== null) {
      const [status, ...rest] = line.split(' ');
      const message = rest.join(' ').trim();
      if (status === '0') return true;
      if (status === '127' || NO_F.test(message)) return false; // 127: the shell found no sync
      throw Object.assign(new Error(`sync -f ${path}: ${message || `exit ${status}`}`), { code: 'ESYNC' });
    }
  }
  try {
    await run('sync', ['-f', path], { timeout: timeoutMs });
    return true;
  } catch (e) {
    if (errno(e) === 'ENOENT' || NO_F.test(String((e as { stderr?: string }).stderr))) return false;
    throw e;
  }
}

/** For tests: the helper's pid, if one runs. */
export const syncHelperPid = () => helper?.child.pid;
