import { createHash } from 'node:crypto';

/** SM3 (GB/T 32905) via Node's OpenSSL 3; hex, lower case. */
export const sm3Hex = (data: string | Buffer): string => createHash('sm3').update(data).digest('hex');
export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined dropped — so a digest over a value
 * does not depend on key order. Dates become ISO strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}
