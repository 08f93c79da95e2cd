import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../http/errors.ts';

/**
 * Delivery links are capabilities: base64url(JSON {d: delivery id, m: mode, e: expiry seconds}) + '.' +
 * HMAC-SHA256 over that payload (first 128 bits). Changing any character — the mode, the expiry, the id
 * — breaks the signature and the link answers 404 delivery_token_invalid. The server still checks the
 * delivery row (revocation, expiry, owner) on every use: the token only proves we issued it.
 */
export interface TokenClaims { d: string; m: 'view' | 'download' | 'certified'; e: number }

export function signToken(key: Buffer, c: TokenClaims): string {
  const body = Buffer.from(JSON.stringify({ d: c.d, m: c.m, e: c.e })).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

export function verifyToken(key: Buffer, token: string): TokenClaims {
  const bad = () => new DomainError('delivery_token_invalid', 404);
  const m = /^([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) throw bad();
  const want = Buffer.from(mac(key, m[1]!));
  const got = Buffer.from(m[2]!);
  if (want.length !== got.length || !timingSafeEqual(want, got)) throw bad();
  try {
    const c = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof c.d !== 'string' || typeof c.e !== 'number' || !['view', 'download', 'certified'].includes(c.m)) throw bad();
    return c;
  } catch {
    throw bad();
  }
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
