import type net from 'node:net';
import { connectClamd, type ClamdAddress, type ClamdRequest } from './clamd.client.js';

// One clamd IDSESSION: a connection that carries many commands. clamd numbers the commands of a session from 1
// and answers each as '<id>: <reply>\0' as soon as its scan thread is done — so replies may come out of order
// and are matched to their request by that id. Commands are written one after another (a file's frames never
// interleave with another's). clamd ends a session on a protocol error (e.g. 'INSTREAM size limit exceeded'),
// after ReadTimeout seconds without a command, or when it stops; requests still waiting then fail with
// SessionClosed (retryable when the session had been working), and the pool opens a new session.

export class SessionClosed extends Error {
  constructor(
    message: string,
    /** The session had connected: a fresh one may well work (clamd closed an idle or broken session). */
    readonly retryable: boolean,
    /** It closed while this request's bytes were being sent (clamd does that past its StreamMaxLength). */
    readonly whileSending = false,
  ) {
    super(message);
  }
}

interface Pending {
  subject: string;
  resolve(text: string): void;
  reject(e: Error): void;
}

export class ClamdSession {
  private readonly socket: net.Socket;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();
  private inbox: Buffer = Buffer.alloc(0);
  private connected = false;
  private reason = 'session closed';
  private ending = false;
  private sendingId = 0;
  /** No new requests: clamd answered with a session-level error, or the session is closed. */
  draining = false;
  closed = false;

  constructor(addr: ClamdAddress) {
    this.socket = connectClamd(addr);
    this.socket.setNoDelay(true);
    this.socket.write('zIDSESSION\0');
    this.socket.on('connect', () => (this.connected = true));
    this.socket.on('data', (b) => this.receive(b));
    this.socket.on('error', (e) => this.destroy(e.message));
    this.socket.on('close', () => this.destroy('clamd closed the session'));
  }

  /** Requests written or waiting to be written and not answered yet. */
  get load() {
    return this.pending.size + this.queued;
  }

  /** Sends one command (after those before it) and resolves with clamd's reply to it, without the '<id>: '. */
  request(req: ClamdRequest): Promise<string> {
    if (this.closed || this.draining) return Promise.reject(new SessionClosed('session not usable', true));
    this.queued++;
    return new Promise<string>((resolve, reject) => {
      this.chain = this.chain.then(async () => {
        this.queued--;
        if (this.closed) return reject(new SessionClosed(this.reason, this.connected));
        const id = this.nextId++;
        this.pending.set(id, { subject: req.subject, resolve, reject });
        this.sendingId = id;
        try {
          await this.out(req.first);
          if (req.rest)
            for await (const f of req.rest) {
              if (!this.pending.has(id)) break; // answered already (clamd's size limit): the rest is not wanted
              await this.out(f);
            }
        } catch (e) {
          // A half-written command leaves the session out of step: close it. When clamd closed it first, the
          // request already has its answer (e.g. the size limit) or a retryable SessionClosed.
          if (this.closed) return;
          this.pending.delete(id);
          reject(e as Error);
          this.destroy(`sending failed: ${(e as Error).message}`);
        } finally {
          this.sendingId = 0;
        }
      });
    });
  }

  private out(b: Buffer): Promise<void> {
    if (this.socket.destroyed) this.destroy('clamd closed the session');
    if (this.closed) return Promise.reject(new SessionClosed(this.reason, this.connected));
    if (this.socket.write(b)) return Promise.resolve();
    return new Promise((res, rej) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        if (this.closed) rej(new SessionClosed(this.reason, this.connected));
        else res();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private receive(b: Buffer) {
    this.inbox = this.inbox.length ? Buffer.concat([this.inbox, b]) : b;
    for (let nul = this.inbox.indexOf(0); nul >= 0; nul = this.inbox.indexOf(0)) {
      const text = this.inbox.subarray(0, nul).toString('utf8').trim();
      this.inbox = this.inbox.subarray(nul + 1);
      const m = /^(\d+): ([\s\S]*)$/.exec(text);
      const p = m ? this.pending.get(Number(m[1])) : undefined;
      if (!m || !p) {
        this.destroy(`unexpected reply from clamd: ${text.slice(0, 200)}`);
        return;
      }
      this.pending.delete(Number(m[1]));
      const reply = m[2]!;
      // Scan replies name their subject ('stream: …', '/path: …'); an ERROR without it is about the session.
      if (/ ERROR$/.test(reply) && !reply.startsWith(`${p.subject}: `)) this.draining = true;
      p.resolve(reply);
    }
  }

  /** Ends the session: requests still waiting fail with SessionClosed. */
  destroy(reason: string) {
    if (this.closed) return;
    const leftover = this.inbox.toString('utf8').replace(/\0/g, '').trim(); // e.g. 'COMMAND READ TIMED OUT'
    this.reason = leftover ? `${reason}: ${leftover}` : reason;
    this.closed = this.draining = true;
    this.socket.destroy();
    for (const [id, p] of this.pending) p.reject(new SessionClosed(this.reason, this.connected, id === this.sendingId));
    this.pending.clear();
  }

  /** Politely ends an idle session (zEND), then closes it. */
  end() {
    if (this.closed || this.ending) return;
    this.ending = this.draining = true;
    if (this.load === 0) this.socket.end('zEND\0');
    setTimeout(() => this.destroy('session ended'), 1_000).unref();
  }
}
