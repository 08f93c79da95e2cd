import fs from 'node:fs';
import net from 'node:net';

// A clamd client over its socket (unix or TCP): VERSION and INSTREAM (the file is streamed in chunks, so clamd
// never needs to read our files and no copy is made). Every call has a time limit and never throws.

export interface ClamdAddress {
  socket?: string;
  host?: string;
  port?: number;
}

export type ClamdReply = { ok: true; text: string } | { ok: false; error: string };

function connect(addr: ClamdAddress): net.Socket {
  return addr.socket ? net.createConnection(addr.socket) : net.createConnection(addr.port ?? 3310, addr.host ?? '127.0.0.1');
}

function talk(
  addr: ClamdAddress,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  send: (s: net.Socket) => Promise<void>,
): Promise<ClamdReply> {
  return new Promise((resolve) => {
    if (!addr.socket && !addr.host && !addr.port) return resolve({ ok: false, error: 'no clamd address configured' });
    const s = connect(addr);
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

export type ScanResult =
  { status: 'clean'; reply: string } | { status: 'infected'; signature: string; reply: string } | { status: 'error'; error: string };

/** Streams a file to clamd with INSTREAM; 'error' covers a scanner that is down, a timeout and clamd's own limits. */
export async function clamdScanFile(addr: ClamdAddress, file: string, timeoutMs: number, signal?: AbortSignal): Promise<ScanResult> {
  const r = await talk(addr, timeoutMs, signal, async (s) => {
    await write(s, 'zINSTREAM\0');
    const stream = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(chunk.length);
        await write(s, Buffer.concat([len, chunk]));
      }
    } finally {
      stream.destroy();
    }
    await write(s, Buffer.alloc(4));
  });
  if (!r.ok) return { status: 'error', error: r.error };
  const m = /^stream: (.+) FOUND$/.exec(r.text);
  if (m) return { status: 'infected', signature: m[1]!, reply: r.text };
  if (r.text === 'stream: OK') return { status: 'clean', reply: r.text };
  return { status: 'error', error: r.text || 'empty reply from clamd' };
}
