import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { PackageFile } from '../checks/check.types.js';
import { certFacts, keyKind, parseCertificate } from './certificate.js';
import { finding, type Finding } from './finding.js';
import { sm2PointHex, verifySm2, verifyRsa, type Message } from './sm2.js';
import { packageVersion } from './versions.js';

// A signature the metadata declares for a file (PackageFile.declared.signature), SM2 or RSA. What is signed: the
// file's bytes under the algorithm's hash — i.e. its SM3 / SHA-256 digest, exactly what `openssl dgst -sm3|-sha256
// -sign` produces — or, as some systems do, the declared digest itself (its hex text or raw bytes); in that case the
// declared digest must also be the file's real digest, or the file changed after signing.

export const cryptoTools = () => ({
  tool: 'node:crypto',
  openssl: process.versions.openssl,
  sm2: `sm-crypto-v2 ${packageVersion('sm-crypto-v2')}`,
});

function decodeValue(v: string): Buffer {
  const t = v.trim();
  return /^([0-9a-fA-F]{2})+$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t.replace(/\s+/g, ''), 'base64');
}

function keyFrom(text: string | undefined): { key?: KeyObject; cert?: X509Certificate } {
  if (!text) return {};
  const cert = parseCertificate(text);
  if (cert) return { key: cert.publicKey, cert };
  try {
    return {
      key: createPublicKey(text.trim().startsWith('-----BEGIN') ? text : { key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' }),
    };
  } catch {
    return {};
  }
}

async function fileDigest(f: PackageFile, alg: 'md5' | 'sha256' | 'sm3'): Promise<string> {
  if (f.digests[alg]) return f.digests[alg]!;
  const h = createHash(alg);
  for await (const c of fs.createReadStream(f.absPath)) h.update(c as Buffer);
  return h.digest('hex');
}

export async function verifyDeclaredSignature(f: PackageFile, trusted: X509Certificate[]): Promise<Finding> {
  const s = f.declared!.signature!;
  const ev: Record<string, unknown> = { ...cryptoTools(), alg: s.alg };
  const own = keyFrom(s.certificate);
  const candidates = own.key ? [{ key: own.key, cert: own.cert }] : trusted.map((c) => ({ key: c.publicKey, cert: c }));
  if (s.certificate && !own.key)
    return finding('fail', 'signature.bad-certificate', '签名证书无法解析', 'The signer certificate cannot be read', ev);
  if (!candidates.length)
    return finding(
      'fail',
      'signature.no-key',
      '没有可用于验证签名的证书或公钥',
      'No certificate or public key to verify the signature with',
      ev,
    );
  let sig: Buffer;
  try {
    sig = decodeValue(s.value);
  } catch {
    return finding('fail', 'signature.bad-value', '签名值无法解码', 'The signature value cannot be decoded', ev);
  }
  const declared = f.declared?.digest;
  const messages: { kind: string; msg: Message }[] = [{ kind: 'file content', msg: { file: f.absPath } }];
  for (const d of [s.signedDigest, declared?.value].filter((x): x is string => !!x)) {
    messages.push({ kind: 'digest (hex text)', msg: Buffer.from(d) }, { kind: 'digest (bytes)', msg: Buffer.from(d, 'hex') });
  }
  for (const { key, cert } of candidates) {
    const kind = keyKind(key);
    if ((s.alg === 'SM2') !== (kind === 'sm2')) continue;
    for (const { kind: signed, msg } of messages) {
      let ok = false;
      if (kind === 'sm2') {
        const v = await verifySm2(sm2PointHex(key), sig, msg);
        if (v.ok) Object.assign(ev, { userId: v.userId });
        ok = v.ok;
      } else {
        for (const hash of ['sha256', 'sm3', 'sha512', 'sha1']) {
          if ((await verifyRsa(key, hash, sig, msg)).ok) {
            Object.assign(ev, { hash });
            ok = true;
            break;
          }
        }
      }
      if (!ok) continue;
      Object.assign(ev, { signed, signer: cert ? certFacts(cert) : undefined });
      if (signed !== 'file content') {
        const digestHex = msg instanceof Buffer && signed === 'digest (bytes)' ? msg.toString('hex') : (msg as Buffer).toString('utf8');
        const alg = declared?.alg ?? 'sm3';
        const actual = await fileDigest(f, alg);
        if (actual !== digestHex.toLowerCase())
          return finding(
            'fail',
            'signature.digest-mismatch',
            `签名有效，但所签摘要与文件实际 ${alg.toUpperCase()} 摘要不符（签名后文件被改动）`,
            `The signature is valid, but the signed digest is not the file’s actual ${alg.toUpperCase()} digest (changed after signing)`,
            { ...ev, signedDigest: digestHex, actualDigest: actual },
          );
      }
      return finding(
        'pass',
        'signature.valid',
        `${s.alg} 电子签名有效（签名对象：${signed}）`,
        `The ${s.alg} signature is valid (signed: ${signed})`,
        ev,
      );
    }
  }
  return finding(
    'fail',
    'signature.invalid',
    `${s.alg} 电子签名验证失败（文件或签名已被改动，或证书不符）`,
    `The ${s.alg} signature does not verify (file or signature changed, or the wrong certificate)`,
    ev,
  );
}
