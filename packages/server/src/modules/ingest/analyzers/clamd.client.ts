import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

// A clamd client over its socket (unix or TCP): one-shot commands (VERSION, STATS), and the scan requests that the
// session pool sends (clamd.session.ts, clamd.pool.ts). Files go to clamd as INSTREAM chunks (clamd never needs to
// read our files); a file of up to one chunk (1 MiB) goes in ONE write with the command and the end marker.
// Every call has a time limit and never throws.

export interface ClamdAddress {
  socket?: string;
  host?: string;
  port?: number;
}

export type ClamdReply = { ok: true; text: string } | { ok: false; error: string };

export const connectClamd = (addr: ClamdAddress): net.Socket =>
  addr.socket ? net.createConnection(addr.socket) : net.createConnection(addr.port ?? 3310, addr.host ?? '127.0.0.1');

export const hasAddress = (addr: ClamdAddress) => Boolean(addr.socket || addr.host || addr.port);

function talk(
  addr: ClamdAddress,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  send: (s: net.Socket) => Promise<void>,
): Promise<ClamdReply> {
  return new Promise((resolve) => {
    if (!hasAddress(addr)) return resolve({ ok: false, error: 'no clamd address configured' });
    const s = connectClamd(addr);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (r: ClamdReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `clamd did not answer within ${timeoutMs} ms` }), timeoutMs);
    const onAbort = () => finish({ ok: false, error: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
    s.on('error', (e) => finish({ ok: false, error: e.message }));
    s.on('data', (b) => chunks.push(b));
    s.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8').replace(/\0+$/, '').trim() }));
    s.on('connect', () => {
      send(s).catch((e: Error) => finish({ ok: false, error: e.message }));
    });
  });
}

const write = (s: net.Socket, b: Buffer | string) =>
  new Promise<void>((res, rej) => {
    if (s.destroyed) return rej(new Error('connection closed'));
    s.write(b, (e) => (e ? rej(e) : res()));
  });

/** 'ClamAV 1.4.6/27123/Tue Nov 24 …' (engine/official db version/db date; only the engine with local databases). */
export function clamdVersion(addr: ClamdAddress, timeoutMs = 5_000, signal?: AbortSignal): Promise<ClamdReply> {
  return talk(addr, timeoutMs, signal, (s) => write(s, 'zVERSION\0'));
}

/** clamd's thread pool from STATS ('THREADS: live 1  idle 0 max 12 idle-timeout 30'); undefined when it does not say. */
export async function clamdThreads(
  addr: ClamdAddress,
  timeoutMs = 5_000,
  signal?: AbortSignal,
): Promise<{ live: number; idle: number; max: number } | undefined> {
  const r = await talk(addr, timeoutMs, signal, (s) => write(s, 'zSTATS\0'));
  const m = r.ok ? /THREADS: live (\d+)\s+idle (\d+) max (\d+)/.exec(r.text) : null;
  return m ? { live: Number(m[1]), idle: Number(m[2]), max: Number(m[3]) } : undefined;
}

export type ScanResult =
  { status: 'clean'; reply: string } | { status: 'infected'; signature: string; reply: string } | { status: 'error'; error: string };

/** One command for clamd: its first bytes (sent in one write) and, for a file over one chunk, the remaining frames. */
export interface ClamdRequest {
  /** What clamd names in its reply: 'stream' for INSTREAM, the path for SCAN. */
  subject: string;
  first: Buffer;
  rest: AsyncIterable<Buffer> | null;
  close(): Promise<void>;
}

export const CHUNK_BYTES = 1 << 20;

async function readAt(fh: fs.FileHandle, buf: Buffer, off: number, len: number, pos: number): Promise<number> {
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, off + got, len - got, pos + got);
    if (!bytesRead) break;
    got += bytesRead;
  }
  return got;
}

async function* frames(fh: fs.FileHandle, pos: number, chunk: number): AsyncGenerator<Buffer> {
  for (;;) {
    const b = Buffer.allocUnsafe(4 + chunk + 4);
    const n = await readAt(fh, b, 4, chunk, pos);
    pos += n;
    if (n === 0) {
      yield Buffer.alloc(4);
      return;
    }
    b.writeUInt32BE(n, 0);
    if (n < chunk) {
      b.writeUInt32BE(0, 4 + n); // the end marker rides with the last chunk
      yield b.subarray(0, 8 + n);
      return;
    }
    yield b.subarray(0, 4 + n);
  }
}

/** zINSTREAM for a file on disk: [command][len][data]…[0000], in chunks of up to `chunk` bytes. */
export async function instreamRequest(file: string, chunk = CHUNK_BYTES): Promise<ClamdRequest> {
  const fh = await fs.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const want = Math.min(size, chunk);
    const b = Buffer.allocUnsafe(10 + 4 + want + 4);
    b.write('zINSTREAM\0', 0, 'latin1');
    const n = want ? await readAt(fh, b, 14, want, 0) : 0;
    b.writeUInt32BE(n, 10);
    const done = n < want || size <= chunk;
    if (n === 0) return { subject: 'stream', first: b.subarray(0, 14), rest: null, close: () => fh.close() };
    if (done) b.writeUInt32BE(0, 14 + n);
    return {
      subject: 'stream',
      first: b.subarray(0, done ? 18 + n : 14 + n),
      rest: done ? null : frames(fh, n, chunk),
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** zSCAN <absolute path>: clamd opens the file itself (it must be able to read it: same machine, permissions). */
export function pathRequest(file: string): ClamdRequest {
  const abs = path.resolve(file);
  return { subject: abs, first: Buffer.from(`zSCAN ${abs}\0`, 'utf8'), rest: null, close: async () => {} };
}

/** clamd's reply to one scan: '<subject>: OK', '<subject>: <signature> FOUND', anything else is an error. */
export function parseScanReply(text: string, subject: string): ScanResult {
  const body = text.startsWith(`${subject}: `) ? text.slice(subject.length + 2) : null;
  if (body === 'OK') return { status: 'clean', reply: text };
  if (body?.endsWith(' FOUND')) return { status: 'infected', signature: body.slice(0, -6), reply: text };
  if (/INSTREAM size limit exceeded/.test(text))
    return { status: 'error', error: `the file is larger than clamd's StreamMaxLength (clamd: ${text})` };
  return { status: 'error', error: text || 'empty reply from clamd' };
}
