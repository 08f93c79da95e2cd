import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { ArchiveReceiptBody as ArchiveReceiptBodySchema } from '@lantai/api';
import { canonicalJson, sm3Hex } from '../../../platform/crypto/hash.ts';

/** What the archive states it took in (or refused) for one 单套制 归档 request (channel 1 of issue #5). */
export type ArchiveReceiptBody = z.infer<typeof ArchiveReceiptBodySchema>;
export interface ArchiveReceipt { body: ArchiveReceiptBody; digest: { alg: 'sm3'; value: string }; signature: { alg: 'hmac-sm3'; keyId: string; value: string } }

/**
 * Signs a receipt: digest = SM3(canonical JSON of body), signature = HMAC-SM3(key, digest hex).
 * A client verifies by recomputing the canonical JSON (keys sorted, no whitespace), its SM3, and
 * comparing with `digest.value`; the holder of the shared key (or the archive's verify endpoint)
 * recomputes the HMAC over the digest hex. Any changed byte of the body changes the digest.
 */
export function signReceipt(body: ArchiveReceiptBody, key: Buffer, keyId: string): ArchiveReceipt {
  const digest = sm3Hex(canonicalJson(body));
  return { body, digest: { alg: 'sm3', value: digest }, signature: { alg: 'hmac-sm3', keyId, value: hmac(key, digest) } };
}

export function verifyReceipt(r: ArchiveReceipt, key: Buffer): { digestOk: boolean; signatureOk: boolean } {
  const digest = sm3Hex(canonicalJson(r.body));
  const digestOk = digest === r.digest.value;
  const want = Buffer.from(hmac(key, r.digest.value), 'hex');
  const got = Buffer.from(String(r.signature.value), 'hex');
  return { digestOk, signatureOk: digestOk && got.length === want.length && timingSafeEqual(got, want) };
}

const hmac = (key: Buffer, digestHex: string) => createHmac('sm3', key).update(digestHex).digest('hex');
