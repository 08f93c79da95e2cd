import { createHash, type X509Certificate } from 'node:crypto';
import { certFacts, keyKind, parseCertificate, parseSignTime } from './certificate.js';
import { CMS_SIGNED_DATA, verifyCms } from './cms.js';
import { bitString, children, oid, raw, readDer, text, value, type Der } from './der.js';
import { errorText } from './finding.js';
import { openOfd, resolveLoc, type OfdPackage } from './ofd.package.js';
import { SM3_OIDS, sm2PointHex, verifySm2 } from './sm2.js';
import { all, one, textOf } from './xml-tree.js';

// OFD electronic seals and signatures (GB/T 33190 §18, GB/T 38540 / GM/T 0031 SES_Signature): every Reference's
// digest against its file (was the document changed after signing?), the seal's dataHash against Signature.xml,
// and the SM2 signature over TBS_Sign with the certificate inside the seal. Type="Sign" values that are a bare
// SM2 signature over Signature.xml are checked against the certificates the archive configured.

export interface SignatureReport {
  id?: string;
  type: string;
  signatureXml: string;
  provider?: string;
  method?: string;
  checkMethod?: string;
  signedAt?: string;
  refs: { total: number; ok: number; changed: string[]; missing: string[] };
  layout?: 'SES V4' | 'SES V1' | 'raw SM2' | 'CMS SignedData' | 'unknown';
  dataHashOk?: boolean;
  signature: 'verified' | 'failed' | 'not verified';
  userId?: string;
  signer?: ReturnType<typeof certFacts>;
  certValidAtSigning?: boolean;
  problems: string[];
}

const HASHES: Record<string, string> = {
  sm3: 'sm3',
  '1.2.156.10197.1.401': 'sm3',
  '1.2.156.10197.1.401.1': 'sm3',
  sha256: 'sha256',
  'sha-256': 'sha256',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  sha1: 'sha1',
  'sha-1': 'sha1',
  '1.3.14.3.2.26': 'sha1',
  md5: 'md5',
  '1.2.840.113549.2.5': 'md5',
};

export async function verifyOfdSignatures(
  file: string,
  trusted: X509Certificate[] = [],
): Promise<{ signatures: SignatureReport[]; error?: string }> {
  let pkg: OfdPackage;
  try {
    pkg = await openOfd(file);
  } catch (e) {
    return { signatures: [], error: errorText(e) };
  }
  const out: SignatureReport[] = [];
  try {
    const ofd = await pkg.xml('OFD.xml');
    for (const body of all(ofd, 'DocBody')) {
      const sigsLoc = textOf(body, 'Signatures');
      if (!sigsLoc) continue;
      const sigsPath = resolveLoc('OFD.xml', sigsLoc);
      const list = await pkg.xml(sigsPath);
      for (const s of all(list, 'Signature')) out.push(await verifyOne(pkg, sigsPath, s.attrs, trusted));
    }
  } catch (e) {
    return { signatures: out, error: errorText(e) };
  } finally {
    await pkg.close();
  }
  return { signatures: out };
}

const locate = (pkg: OfdPackage, from: string, loc: string) => [resolveLoc(from, loc), resolveLoc('OFD.xml', loc)].find((p) => pkg.has(p));

async function verifyOne(
  pkg: OfdPackage,
  sigsPath: string,
  attrs: Record<string, string>,
  trusted: X509Certificate[],
): Promise<SignatureReport> {
  const r: SignatureReport = {
    id: attrs.ID,
    type: attrs.Type ?? 'Seal',
    signatureXml: '',
    refs: { total: 0, ok: 0, changed: [], missing: [] },
    signature: 'not verified',
    problems: [],
  };
  const sigPath = attrs.BaseLoc ? locate(pkg, sigsPath, attrs.BaseLoc) : undefined;
  if (!sigPath) return { ...r, signatureXml: attrs.BaseLoc ?? '', signature: 'failed', problems: ['Signature.xml is missing'] };
  r.signatureXml = sigPath;
  const sigXmlBytes = await pkg.read(sigPath);
  const sig = await pkg.xml(sigPath);
  const info = one(sig, 'SignedInfo');
  const p = one(info, 'Provider');
  r.provider = p ? [p.attrs.ProviderName, p.attrs.Company, p.attrs.Version].filter(Boolean).join(' / ') : undefined;
  r.method = textOf(info, 'SignatureMethod');
  const refsNode = one(info, 'References');
  r.checkMethod = refsNode?.attrs.CheckMethod ?? 'SM3';
  const alg = HASHES[r.checkMethod.toLowerCase()] ?? 'sm3';
  for (const ref of all(refsNode, 'Reference')) {
    r.refs.total++;
    const target = ref.attrs.FileRef ? locate(pkg, sigPath, ref.attrs.FileRef) : undefined;
    if (!target) {
      r.refs.missing.push(ref.attrs.FileRef ?? '(none)');
      continue;
    }
    const digest = createHash(alg)
      .update(await pkg.read(target))
      .digest('base64');
    if (digest === textOf(ref, 'CheckValue')?.replace(/\s+/g, '')) r.refs.ok++;
    else r.refs.changed.push(target);
  }
  if (r.refs.total === 0) r.problems.push('the signature protects no file (no References)');
  const valueLoc = textOf(sig, 'SignedValue');
  const valuePath = valueLoc ? locate(pkg, sigPath, valueLoc) : undefined;
  if (!valuePath) {
    r.signature = 'failed';
    r.problems.push('SignedValue is missing');
    return r;
  }
  await checkValue(r, await pkg.read(valuePath), sigXmlBytes, textOf(info, 'SignatureDateTime'), trusted);
  return r;
}

async function checkValue(r: SignatureReport, sv: Buffer, sigXml: Buffer, declaredTime: string | undefined, trusted: X509Certificate[]) {
  let top: Der | undefined;
  try {
    top = readDer(sv);
    if (top.end !== sv.length || !top.constructed) top = undefined;
  } catch {
    top = undefined;
  }
  const kids = top ? children(top) : [];
  if (top && kids[0]?.tag === 6 && CMS_SIGNED_DATA.has(oid(kids[0]))) {
    r.layout = 'CMS SignedData';
    const c = await verifyCms(top, sigXml);
    Object.assign(r, { signature: c.ok ? 'verified' : 'failed', userId: c.userId, signer: c.signer, dataHashOk: c.messageDigestOk });
    if (c.problem) r.problems.push(c.problem);
    if (c.cert) Object.assign(r, validity(c.cert, parseSignTime(declaredTime)));
    return;
  }
  if (!top || (kids.length === 2 && kids.every((k) => k.tag === 2)) || sv.length === 64) {
    // A bare SM2 signature over Signature.xml: needs a certificate from outside the file.
    r.layout = 'raw SM2';
    for (const c of trusted) {
      if (keyKind(c.publicKey) !== 'sm2') continue;
      const v = await verifySm2(sm2PointHex(c.publicKey), sv, sigXml);
      if (v.ok)
        return Object.assign(
          r,
          { signature: 'verified', userId: v.userId, signer: certFacts(c) },
          validity(c, parseSignTime(declaredTime)),
        );
    }
    r.problems.push(
      trusted.length ? 'no configured certificate verifies the signature' : 'the signature carries no certificate and none is configured',
    );
    return;
  }
  const tbs = kids[0]!;
  const t = children(tbs);
  const v1 = kids.length === 2;
  r.layout = v1 ? 'SES V1' : 'SES V4';
  const certNode = v1 ? t.find((k, i) => i >= 5 && k.tag === 4) : kids.find((k) => k.tag === 4);
  const sigNode = [...kids].reverse().find((k) => k.tag === 3);
  const time = t[2] ? text(t[2]).replace(/\0/g, '') : undefined;
  r.signedAt = time ?? declaredTime;
  const dataHash = t[3] ? (t[3].tag === 3 ? bitString(t[3]) : value(t[3])) : undefined;
  r.dataHashOk = !!dataHash && createHash('sm3').update(sigXml).digest().equals(dataHash);
  if (!r.dataHashOk) r.problems.push('dataHash ≠ SM3(Signature.xml): the signed information was changed');
  const algNode = v1 ? t.find((k) => k.tag === 6) : kids.find((k) => k.tag === 6);
  const algOid = algNode ? oid(algNode) : undefined;
  if (algOid && !algOid.startsWith('1.2.156.10197.1.501') && !SM3_OIDS.has(algOid))
    r.problems.push(`signature algorithm ${algOid} is not SM2/SM3`);
  const cert = certNode ? parseCertificate(value(certNode)) : undefined;
  if (!cert || !sigNode) {
    r.signature = 'failed';
    r.problems.push(cert ? 'no signature value' : 'the signer certificate cannot be read');
    return;
  }
  r.signer = certFacts(cert);
  const v = await verifySm2(sm2PointHex(cert.publicKey), bitString(sigNode), raw(tbs));
  r.signature = v.ok ? 'verified' : 'failed';
  r.userId = v.userId;
  if (!v.ok) r.problems.push(`SM2 signature does not verify${v.error ? `: ${v.error}` : ''}`);
  Object.assign(r, validity(cert, parseSignTime(r.signedAt)));
}

function validity(c: X509Certificate, at: Date | undefined) {
  if (!at) return {};
  return { certValidAtSigning: at >= new Date(c.validFrom) && at <= new Date(c.validTo) };
}
