import { createHash, X509Certificate } from 'node:crypto';
import { certFacts, keyKind } from './certificate.js';
import { children, oid, raw, value, type Der } from './der.js';
import { sm2PointHex, verifySm2, verifyRsa } from './sm2.js';

// CMS / PKCS#7 SignedData (RFC 5652; GM/T 0010 uses the same syntax with SM2/SM3 OIDs), as OFD Type="Sign"
// signatures carry it: the signer certificate inside, signed attributes with a messageDigest of the content
// (detached: the caller gives it), and an SM2 or RSA signature over the DER of the signed attributes.

export const CMS_SIGNED_DATA = new Set(['1.2.840.113549.1.7.2', '1.2.156.10197.6.1.4.2.2']);
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const DIGESTS: Record<string, string> = {
  '1.2.156.10197.1.401': 'sm3',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface CmsResult {
  ok: boolean;
  signer?: ReturnType<typeof certFacts>;
  cert?: X509Certificate;
  digest?: string;
  messageDigestOk?: boolean;
  userId?: string;
  problem?: string;
}

const isCtx = (d: Der | undefined, tag: number) => !!d && d.cls === 2 && d.tag === tag;

export async function verifyCms(contentInfo: Der, detachedContent: Buffer): Promise<CmsResult> {
  const [type, wrapped] = children(contentInfo);
  if (!type || !CMS_SIGNED_DATA.has(oid(type)) || !isCtx(wrapped, 0)) return { ok: false, problem: 'not a CMS SignedData' };
  const sd = children(children(wrapped!)[0]!);
  const encap = children(sd[2]!);
  const eContent = isCtx(encap[1], 0) ? value(children(encap[1]!)[0]!) : detachedContent;
  const certs = isCtx(sd[3], 0)
    ? children(sd[3]!).flatMap((c) => {
        try {
          return [new X509Certificate(raw(c))];
        } catch {
          return [];
        }
      })
    : [];
  const signerInfos = children(sd[sd.length - 1]!);
  if (!signerInfos.length) return { ok: false, problem: 'no signerInfo' };
  const si = children(signerInfos[0]!);
  const digestName = DIGESTS[oid(children(si[2]!)[0]!)] ?? 'sm3';
  const attrs = isCtx(si[3], 0) ? si[3] : undefined;
  const signature = value(si[attrs ? 5 : 4]!);
  let signed = eContent;
  const out: CmsResult = { ok: false, digest: digestName };
  if (attrs) {
    signed = Buffer.from(raw(attrs));
    signed[0] = 0x31; // signed attributes are signed as a SET OF, not as the [0] IMPLICIT they are stored in
    const md = children(attrs)
      .map((a) => children(a))
      .find((a) => oid(a[0]!) === MESSAGE_DIGEST);
    const declared = md ? value(children(md[1]!)[0]!) : undefined;
    out.messageDigestOk = !!declared && createHash(digestName).update(eContent).digest().equals(declared);
    if (!out.messageDigestOk) out.problem = 'the messageDigest attribute does not match the signed content';
  }
  for (const cert of certs) {
    const kind = keyKind(cert.publicKey);
    const v =
      kind === 'sm2'
        ? await verifySm2(sm2PointHex(cert.publicKey), signature, signed)
        : kind === 'rsa'
          ? await verifyRsa(cert.publicKey, digestName, signature, signed)
          : { ok: false };
    if (v.ok) {
      Object.assign(out, {
        ok: out.messageDigestOk !== false,
        signer: certFacts(cert),
        cert,
        userId: 'userId' in v ? v.userId : undefined,
      });
      return out;
    }
  }
  out.problem ??= certs.length ? 'no certificate in the SignedData verifies its signature' : 'the SignedData carries no certificate';
  return out;
}
