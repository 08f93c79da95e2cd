import { X509Certificate, type KeyObject } from 'node:crypto';

// X.509 certificates of signers (SM2 or RSA) through Node's OpenSSL: subject, issuer, validity, public key.

export interface CertFacts {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  serial: string;
  selfSigned: boolean;
}

/** PEM text, base64 DER, or DER bytes → certificate; undefined when it does not parse. */
export function parseCertificate(input: string | Buffer): X509Certificate | undefined {
  try {
    if (Buffer.isBuffer(input)) return new X509Certificate(input);
    const t = input.trim();
    return new X509Certificate(t.startsWith('-----BEGIN') ? t : Buffer.from(t.replace(/\s+/g, ''), 'base64'));
  } catch {
    return undefined;
  }
}

export function certFacts(c: X509Certificate): CertFacts {
  return {
    subject: c.subject.replace(/\n/g, ', '),
    issuer: c.issuer.replace(/\n/g, ', '),
    validFrom: new Date(c.validFrom).toISOString(),
    validTo: new Date(c.validTo).toISOString(),
    serial: c.serialNumber,
    selfSigned: c.subject === c.issuer,
  };
}

export const publicKeyOf = (c: X509Certificate): KeyObject => c.publicKey;

/** SM2 keys: OpenSSL names the curve SM2; Node 20 reports no asymmetricKeyType for them. */
export function keyKind(k: KeyObject): 'sm2' | 'rsa' | 'other' {
  if (k.asymmetricKeyType === 'rsa' || k.asymmetricKeyType === 'rsa-pss') return 'rsa';
  if ((k.asymmetricKeyType as string | undefined) === 'sm2' || k.asymmetricKeyType === undefined) return 'sm2';
  if (k.asymmetricKeyType === 'ec' && (k.asymmetricKeyDetails?.namedCurve ?? '').toUpperCase() === 'SM2') return 'sm2';
  return 'other';
}

/** Seal/signature times: GeneralizedTime 'YYYYMMDDHHMMSS[.fff]Z', or text like '2022-03-24 08:54:12' (taken as UTC+8). */
export function parseSignTime(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const g = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s.trim());
  if (g) return new Date(Date.UTC(+g[1]!, +g[2]! - 1, +g[3]!, +g[4]!, +g[5]!, +g[6]!));
  const t = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(s.trim());
  if (t) return new Date(Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]! - 8, +t[5]!, +t[6]!));
  return undefined;
}
