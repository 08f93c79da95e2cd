import { createHash, createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { sm2 } from 'sm-crypto-v2';
import { children, readDer, value } from './der.js';

// SM2 signature verification (GB/T 32918) with SM3. e = SM3(Z_A ‖ M) where Z_A binds the signer's user ID; the
// standard's default ID is "1234567812345678" (what seals, CAs and sm-crypto use), while OpenSSL 3's CLI and Node
// sign with an empty ID by default. We hash the message once per ID (streaming, so large files are fine) and check
// the point equation with sm-crypto-v2, so both kinds verify and the report says which ID matched.

export const DEFAULT_SM2_ID = '1234567812345678';
export const SM2_OIDS = new Set(['1.2.156.10197.1.501', '1.2.156.10197.1.301.1', '1.2.156.10197.1.301']);
export const SM3_OIDS = new Set(['1.2.156.10197.1.401', '1.2.156.10197.1.401.1']);

/** The uncompressed public point (04‖x‖y, hex) of an SM2 key, from a KeyObject's SubjectPublicKeyInfo. */
export function sm2PointHex(key: KeyObject): string {
  const spki = key.export({ type: 'spki', format: 'der' });
  const [, bits] = children(readDer(spki));
  const point = value(bits!).subarray(1);
  if (point.length !== 65 || point[0] !== 4) throw new Error('not an uncompressed SM2 public key');
  return point.toString('hex');
}

/** r‖s as DER SEQUENCE or as 64 raw bytes; returns what sm-crypto-v2 wants. */
function signatureForm(sig: Buffer): { hex: string; der: boolean } {
  if (sig.length === 64) return { hex: sig.toString('hex'), der: false };
  const d = readDer(sig);
  if (d.tag !== 16 || d.end !== sig.length || children(d).length !== 2) throw new Error('SM2 signature is neither DER (r, s) nor 64 bytes');
  return { hex: sig.toString('hex'), der: true };
}

export type Message = Buffer | { file: string };

async function* chunks(m: Message): AsyncIterable<Buffer> {
  if (Buffer.isBuffer(m)) yield m;
  else for await (const c of fs.createReadStream(m.file, { highWaterMark: 1024 * 1024 })) yield c as Buffer;
}

export interface Sm2Result {
  ok: boolean;
  /** The user ID that verified: the standard default, or '' (OpenSSL/Node default). */
  userId?: string;
  error?: string;
}

export async function verifySm2(
  publicPointHex: string,
  signature: Buffer,
  message: Message,
  userIds = [DEFAULT_SM2_ID, ''],
): Promise<Sm2Result> {
  try {
    const form = signatureForm(signature);
    const hashes = userIds.map((id) => createHash('sm3').update(sm2.getZ(publicPointHex, id)));
    for await (const c of chunks(message)) for (const h of hashes) h.update(c);
    for (let i = 0; i < userIds.length; i++) {
      const e = hashes[i]!.digest();
      if (sm2.doVerifySignature(e, form.hex, publicPointHex, { der: form.der, hash: false })) return { ok: true, userId: userIds[i] };
    }
    return { ok: false };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** RSA PKCS#1 v1.5 with the named hash (sha256, sha1, sm3 …) through Node's OpenSSL. */
export async function verifyRsa(
  key: KeyObject,
  hash: string,
  signature: Buffer,
  message: Message,
): Promise<{ ok: boolean; error?: string }> {
  try {
    const v = createVerify(hash);
    for await (const c of chunks(message)) v.update(c);
    return { ok: v.verify(key, signature) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export { createPublicKey };
