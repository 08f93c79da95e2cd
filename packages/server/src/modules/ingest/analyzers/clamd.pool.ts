import {
  hasAddress,
  instreamRequest,
  parseScanReply,
  pathRequest,
  type ClamdAddress,
  type ClamdRequest,
  type ScanResult,
} from './clamd.client.js';
import { ClamdSession, SessionClosed } from './clamd.session.js';

// Scans files over a few long-lived clamd sessions (IDSESSION) instead of one connection per file. A scan takes the
// least busy session, opening one more while every open session is busy and there are fewer than `sessions`.
// A session that clamd closes under a scan (idle timeout, restart, a dropped connection) costs that scan one retry
// on a fresh session; a scan that exceeds its time limit closes its session (clamd may be stuck) and reports the
// timeout. One pool per check run: close() ends its sessions.

export type ClamdScanMode = 'stream' | 'path';

export interface ClamdPoolOptions {
  /** Sessions at most; with perSession 1, the number of scans in flight (match clamd's MaxThreads). */
  sessions: number;
  /** Requests a session carries at once before another session is opened (default 1; more = pipelined). */
  perSession?: number;
  /** Time limit per file, from the call until clamd's answer (waiting for a session included). */
  timeoutMs: number;
  signal?: AbortSignal;
  /** 'stream' (INSTREAM, the default: clamd needs no access to our files) or 'path' (SCAN: clamd reads the file). */
  mode?: ClamdScanMode;
  chunkBytes?: number;
}

class TimedOut extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  p.catch(() => {}); // the loser of the race must not become an unhandled rejection
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, rej) => {
    timer = setTimeout(
      () => {
        rej(new TimedOut()); // first, so the race is decided before onTimeout() fails p
        onTimeout();
      },
      Math.max(0, ms),
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export class ClamdPool {
  private live: ClamdSession[] = [];
  private closed = false;
  /** Sessions opened, scans retried after a session closed under them, scans answered. */
  readonly stats = { opened: 0, retried: 0, answered: 0 };

  constructor(
    private readonly addr: ClamdAddress,
    private readonly opts: ClamdPoolOptions,
  ) {
    opts.signal?.addEventListener('abort', () => this.close(), { once: true });
  }

  private pick(): ClamdSession {
    for (const s of this.live) if (s.draining && s.load === 0) s.end();
    this.live = this.live.filter((s) => !s.closed);
    const usable = this.live.filter((s) => !s.draining);
    let best: ClamdSession | undefined;
    for (const s of usable) if (!best || s.load < best.load) best = s;
    if (!best || (best.load >= (this.opts.perSession ?? 1) && usable.length < Math.max(1, this.opts.sessions))) {
      best = new ClamdSession(this.addr);
      this.live.push(best);
      this.stats.opened++;
    }
    return best;
  }

  /** Scans one file; never throws ('error' for clamd down, a timeout, clamd's limits, an unreadable file). */
  async scanFile(file: string): Promise<ScanResult> {
    if (!hasAddress(this.addr)) return { status: 'error', error: 'no clamd address configured' };
    const { timeoutMs, signal } = this.opts;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted || this.closed) return { status: 'error', error: 'cancelled' };
      let req: ClamdRequest;
      try {
        req = this.opts.mode === 'path' ? pathRequest(file) : await instreamRequest(file, this.opts.chunkBytes);
      } catch (e) {
        return { status: 'error', error: `the file could not be read: ${(e as Error).message}` };
      }
      const session = this.pick();
      try {
        const text = await withDeadline(session.request(req), deadline - Date.now(), () =>
          session.destroy(`no answer within ${timeoutMs} ms`),
        );
        this.stats.answered++;
        return parseScanReply(text, req.subject);
      } catch (e) {
        if (e instanceof TimedOut) return { status: 'error', error: `clamd did not answer within ${timeoutMs} ms` };
        if (signal?.aborted || this.closed) return { status: 'error', error: 'cancelled' };
        if (e instanceof SessionClosed && e.retryable && attempt === 0 && Date.now() < deadline) {
          this.stats.retried++;
          continue;
        }
        if (e instanceof SessionClosed && e.whileSending)
          return {
            status: 'error',
            error: `clamd closed the connection while the file was being sent (${e.message}); it does so past its StreamMaxLength`,
          };
        return { status: 'error', error: (e as Error).message };
      } finally {
        await req.close().catch(() => {});
      }
    }
  }

  /** Ends every session (scans still running get 'cancelled'). */
  close() {
    this.closed = true;
    for (const s of this.live) {
      if (s.load) s.destroy('pool closed');
      else s.end();
    }
    this.live = [];
  }
}
