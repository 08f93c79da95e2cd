// A minimal, bounds-checked DER reader for the ASN.1 structures of electronic seals (GB/T 38540 SES_Signature,
// GM/T 0031 V1) and signature values. Hostile input throws DerError, which callers turn into findings.

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface Der {
  buf: Buffer;
  /** 0 universal, 1 application, 2 context, 3 private. */
  cls: number;
  constructed: boolean;
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

export function readDer(buf: Buffer, pos = 0, limit = buf.length): Der {
  if (pos + 2 > limit) throw new DerError('truncated DER header');
  const b = buf[pos]!;
  let p = pos + 1;
  let tag = b & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (p >= limit || i > 3) throw new DerError('bad DER tag');
      const x = buf[p++]!;
      tag = (tag << 7) | (x & 0x7f);
      if (!(x & 0x80)) break;
    }
  }
  if (p >= limit) throw new DerError('truncated DER length');
  let len = buf[p++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new DerError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  if (p + len > limit) throw new DerError('DER value runs past its container');
  return { buf, cls: b >> 6, constructed: (b & 0x20) !== 0, tag, start: pos, valueStart: p, end: p + len };
}

export function children(d: Der): Der[] {
  if (!d.constructed) throw new DerError('not a constructed DER value');
  const out: Der[] = [];
  for (let p = d.valueStart; p < d.end;) {
    const c = readDer(d.buf, p, d.end);
    out.push(c);
    p = c.end;
    if (out.length > 10_000) throw new DerError('too many DER elements');
  }
  return out;
}

export const raw = (d: Der) => d.buf.subarray(d.start, d.end);
export const value = (d: Der) => d.buf.subarray(d.valueStart, d.end);

/** BIT STRING contents without the unused-bits byte. */
export const bitString = (d: Der) => value(d).subarray(1);

export function oid(d: Der): string {
  const v = value(d);
  if (d.tag !== 6 || !v.length) throw new DerError('not an OBJECT IDENTIFIER');
  const parts = [Math.floor(v[0]! / 40), v[0]! % 40];
  let n = 0;
  for (const x of v.subarray(1)) {
    n = n * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

/** Strings and times (IA5String, UTF8String, PrintableString, GeneralizedTime, UTCTime, or a BIT STRING holding text). */
export function text(d: Der): string {
  return (d.tag === 3 ? bitString(d) : value(d)).toString('utf8');
}
