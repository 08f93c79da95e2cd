import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TransferReceipt } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { canonicalJson, sm3Hex } from '../../platform/crypto/hash.ts';

/** The archive's HMAC-SM3 key for transfer receipts and confirmations, made once on first use. */
export async function transferKey(db: Db): Promise<{ key: Buffer; keyId: string }> {
  const row = await db.selectFrom('transfer_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row) return { key: row.hmac_key, keyId: row.key_id };
  const key = randomBytes(32);
  await db.insertInto('transfer_settings').values({ id: 1, hmac_key: key, key_id: `transfer-${sm3Hex(key).slice(0, 8)}` }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const r = await db.selectFrom('transfer_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { key: r.hmac_key, keyId: r.key_id };
}

export const hmacSm3 = (key: Buffer, text: string) => createHmac('sm3', key).update(text).digest('hex');

/** A side's confirmation signature: HMAC-SM3 over number, side, user, time and the accepted form's SM3. */
export const confirmationText = (number: string, side: string, by: string, at: string, formSm3: string) => `lantai.transfer-confirm/1|${number}|${side}|${by}|${at}|${formSm3}`;

/** digest = SM3(canonical JSON of body); signature = HMAC-SM3(key, digest hex). */
export function signTransferReceipt(body: TransferReceipt['body'], key: Buffer, keyId: string): TransferReceipt {
  const digest = sm3Hex(canonicalJson(body));
  return { body, digest: { alg: 'sm3', value: digest }, signature: { alg: 'hmac-sm3', keyId, value: hmacSm3(key, digest) } };
}

export function verifyTransferReceipt(r: TransferReceipt, key: Buffer): { digestOk: boolean; signatureOk: boolean } {
  const digestOk = sm3Hex(canonicalJson(r.body)) === r.digest.value;
  const want = Buffer.from(hmacSm3(key, r.digest.value), 'hex');
  const got = Buffer.from(/^[0-9a-f]*$/.test(r.signature.value) ? r.signature.value : '', 'hex');
  return { digestOk, signatureOk: digestOk && got.length === want.length && timingSafeEqual(got, want) };
}
