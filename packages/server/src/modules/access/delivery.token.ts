import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../http/errors.ts';

/**
 * Delivery links are capabilities: base64url(delivery id (16 bytes) · mode (1 byte) · expiry in seconds
 * (4 bytes, big-endian)) + '.' + the first 128 bits of HMAC-SHA256 over those bytes (28 + 1 + 22 characters,
 * short enough for a path segment). Changing any character — mode, expiry, id — breaks the signature and the
 * link answers 404 delivery_token_invalid. The server still checks the delivery row (revocation, expiry,
 * owner) on every use: the token only proves we issued it.
 */
export interface TokenClaims { d: string; m: 'view' | 'download' | 'certified'; e: number }
const MODES = ['view', 'download', 'certified'] as const;

export function signToken(key: Buffer, c: TokenClaims): string {
  const raw = Buffer.alloc(21);
  Buffer.from(c.d.replace(/-/g, ''), 'hex').copy(raw, 0);
  raw[16] = MODES.indexOf(c.m);
  raw.writeUInt32BE(c.e, 17);
  return `${raw.toString('base64url')}.${mac(key, raw)}`;
}

export function verifyToken(key: Buffer, token: string): TokenClaims {
  const bad = () => new DomainError('delivery_token_invalid', 404);
  const m = /^([A-Za-z0-9_-]{28})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) throw bad();
  const raw = Buffer.from(m[1]!, 'base64url');
  const want = Buffer.from(mac(key, raw));
  const got = Buffer.from(m[2]!);
  if (raw.length !== 21 || want.length !== got.length || !timingSafeEqual(want, got) || raw[16]! > 2) throw bad();
  const hex = raw.subarray(0, 16).toString('hex');
  return { d: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, m: MODES[raw[16]!]!, e: raw.readUInt32BE(17) };
}

const mac = (key: Buffer, raw: Buffer) => createHmac('sha256', key).update(raw).digest().subarray(0, 16).toString('base64url');
