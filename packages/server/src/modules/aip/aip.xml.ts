import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Text and attribute escaping; characters XML 1.0 cannot carry (C0 controls but tab/CR/LF, lone surrogates, U+FFFE/F) are dropped. */
export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Builds `<name a="…">text</name>`; children given as a string are inserted as is (already XML). */
export const el = (name: string, body: string | number | null | undefined, attrs: Record<string, unknown> = {}, raw = false) => {
  const a = Object.entries(attrs).filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  if (body === null || body === undefined || body === '') return `<${name}${a}/>`;
  return `<${name}${a}>${raw ? body : esc(body)}</${name}>`;
};

/**
 * Writes XML text into a stream in 64 KiB pieces, honouring backpressure, so a METS document for tens of
 * thousands of files never sits whole in memory.
 */
export class XmlSink {
  private buf = '';
  bytes = 0;
  constructor(private readonly out: Writable) {}
  async write(s: string) {
    this.buf += s;
    if (this.buf.length >= 65536) await this.flush();
  }
  async flush() {
    if (!this.buf) return;
    const b = Buffer.from(this.buf, 'utf8');
    this.buf = '';
    this.bytes += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain');
  }
  async end() {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
