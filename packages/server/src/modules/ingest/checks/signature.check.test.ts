import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureCheck } from './signature.check.js';
import type { PackageFile } from './check.types.js';
import { ctxOf, fileOf, pkgOf, td, tempDir } from '../analyzers/test-support.js';
import { verifyCms } from '../analyzers/cms.js';
import { readDer } from '../analyzers/der.js';
import { openOfd } from '../analyzers/ofd.package.js';

// Keys, certificates and signatures are made by the openssl CLI, so what passes here interoperates with OpenSSL 3.
const tmp = tempDir();
const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'] });
let doc: string;
let sm2Cert: string;
let rsaPub: string;
beforeAll(() => {
  doc = tmp.put('doc.pdf', fs.readFileSync(td('pdf/chinese/ofdrw-converter/Test3.pdf')));
  ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'sm2.key');
  ossl('req', '-x509', '-new', '-key', 'sm2.key', '-subj', '/CN=Lantai test SM2', '-days', '2', '-sm3', '-out', 'sm2.crt');
  ossl('dgst', '-sm3', '-sign', 'sm2.key', '-out', 'sm2-empty-id.sig', 'doc.pdf');
  ossl('dgst', '-sm3', '-sign', 'sm2.key', '-sigopt', 'distid:1234567812345678', '-out', 'sm2-default-id.sig', 'doc.pdf');
  ossl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa.key');
  ossl('pkey', '-in', 'rsa.key', '-pubout', '-out', 'rsa.pub');
  ossl('dgst', '-sha256', '-sign', 'rsa.key', '-out', 'rsa.sig', 'doc.pdf');
  sm2Cert = fs.readFileSync(`${tmp.dir}/sm2.crt`, 'utf8');
  rsaPub = fs.readFileSync(`${tmp.dir}/rsa.pub`, 'utf8');
}, 60_000);
afterAll(() => tmp.remove());

const sig = (name: string, enc: 'base64' | 'hex' = 'base64') => fs.readFileSync(`${tmp.dir}/${name}`).toString(enc);
const sm3 = (p: string) => createHash('sm3').update(fs.readFileSync(p)).digest('hex');

async function judge(files: PackageFile[], settings: Record<string, unknown> = {}) {
  const rows = await signatureCheck.run(ctxOf(pkgOf(files), settings));
  return {
    summary: rows[0]!,
    rows: rows.slice(1),
    codes: rows.slice(1).map((r) => `${r.subject}:${r.outcome}:${String(r.evidence.code)}`),
  };
}

describe('declared electronic signatures (GD-1-1), made with the openssl CLI', () => {
  it('SM2/SM3 signatures verify with either user ID (OpenSSL default and GB/T 32918 default); RSA/SHA-256 verifies', async () => {
    const files = [
      fileOf(doc, { signature: { alg: 'SM2', value: sig('sm2-empty-id.sig'), certificate: sm2Cert } }, 'a.pdf'),
      fileOf(doc, { signature: { alg: 'SM2', value: sig('sm2-default-id.sig', 'hex'), certificate: sm2Cert } }, 'b.pdf'),
      fileOf(doc, { signature: { alg: 'RSA', value: sig('rsa.sig'), certificate: rsaPub } }, 'c.pdf'),
    ];
    const { summary, rows } = await judge(files, {});
    expect(summary).toMatchObject({
      outcome: 'pass',
      evidence: { files: 3, pass: 3, tool: 'node:crypto', openssl: expect.stringMatching(/^3\./) },
    });
    expect(rows).toEqual([]);
    const all = await signatureCheck.run(ctxOf(pkgOf(files.slice(0, 2)), {}));
    expect(all[0]!.evidence.pass).toBe(2);
  });

  it('a file changed after signing, a changed signature or the wrong key fails', async () => {
    const bytes = fs.readFileSync(doc);
    bytes[bytes.length - 100]! ^= 1;
    const changed = tmp.put('changed.pdf', bytes);
    const badSig = Buffer.from(sig('sm2-default-id.sig'), 'base64');
    badSig[badSig.length - 3]! ^= 1;
    const other = tmp.put('other.crt', fs.readFileSync(td('ofd/ofdrw/derived/USER.p12.public-cert.pem')));
    const { codes, summary } = await judge([
      fileOf(changed, { signature: { alg: 'SM2', value: sig('sm2-default-id.sig'), certificate: sm2Cert } }),
      fileOf(doc, { signature: { alg: 'SM2', value: badSig.toString('base64'), certificate: sm2Cert } }, 'badsig.pdf'),
      fileOf(
        doc,
        { signature: { alg: 'SM2', value: sig('sm2-default-id.sig'), certificate: fs.readFileSync(other, 'utf8') } },
        'wrongkey.pdf',
      ),
      fileOf(changed, { signature: { alg: 'RSA', value: sig('rsa.sig'), certificate: rsaPub } }, 'rsa-changed.pdf'),
      fileOf(doc, { signature: { alg: 'SM2', value: 'not base64 at all ###', certificate: sm2Cert } }, 'junk.pdf'),
      fileOf(doc, { signature: { alg: 'SM2', value: sig('sm2-default-id.sig'), certificate: 'garbage' } }, 'badcert.pdf'),
    ]);
    expect(summary.outcome).toBe('fail');
    expect(codes).toEqual([
      'changed.pdf:fail:signature.invalid',
      'badsig.pdf:fail:signature.invalid',
      'wrongkey.pdf:fail:signature.invalid',
      'rsa-changed.pdf:fail:signature.invalid',
      'junk.pdf:fail:signature.invalid',
      'badcert.pdf:fail:signature.bad-certificate',
    ]);
  });

  it('a signature over the declared SM3 digest (hex text) verifies only while that digest is the file’s', async () => {
    const digest = sm3(doc);
    tmp.put('digest.txt', digest);
    ossl('dgst', '-sm3', '-sign', 'sm2.key', '-sigopt', 'distid:1234567812345678', '-out', 'digest.sig', 'digest.txt');
    const declared = {
      digest: { alg: 'sm3' as const, value: digest },
      signature: { alg: 'SM2' as const, value: sig('digest.sig'), certificate: sm2Cert },
    };
    const bytes = fs.readFileSync(doc);
    bytes[10]! ^= 1;
    const changed = tmp.put('changed2.pdf', bytes);
    const { codes, rows } = await judge([fileOf(doc, declared, 'ok.pdf'), fileOf(changed, declared, 'changed2.pdf')], {});
    expect(codes).toEqual(['changed2.pdf:fail:signature.digest-mismatch']);
    expect(rows[0]!.evidence).toMatchObject({ signed: 'digest (hex text)', actualDigest: sm3(changed) });
  });
});

describe('OFD seals and signatures reach the outcomes of testdata INDEX.md §3', () => {
  it('CMS SignedData (GM/T 0010, SM2): verifies over Signature.xml, fails over anything else', async () => {
    const pkg = await openOfd(td('ofd/ofdrw/ofdrw-converter/testImageNotFound.ofd'));
    const sigXml = await pkg.read('Doc_0/Signs/Sign_0/Signature.xml');
    const cms = readDer(await pkg.read('Doc_0/Signs/Sign_0/SignedValue.dat'));
    await pkg.close();
    expect(await verifyCms(cms, sigXml)).toMatchObject({ ok: true, messageDigestOk: true, digest: 'sm3', userId: '1234567812345678' });
    const other = Buffer.from(sigXml);
    other[other.length - 5]! ^= 1;
    expect(await verifyCms(cms, other)).toMatchObject({ ok: false, messageDigestOk: false });
  });

  const O = 'ofd/';
  it('intact seals verify; seals on documents changed after sealing fail; CMS signatures warn', async () => {
    const names = [
      'ofdrw/ofdrw-converter/1.ofd',
      'renoyuan-easyofd/增值税电子专票5.ofd',
      'hbh112233abc-ofd-parser/00101.ofd',
      'ofdrw/ofdrw-converter/V4RideRight.ofd',
      'ofdrw/ofdrw-reader/SESV4SignDoc.ofd',
      'ofdrw/ofdrw-converter/h.ofd',
      'ofdrw/ofdrw-converter/zsbk.ofd',
      'ofdrw/ofdrw-layout/keyword.ofd',
      'ofdrw/ofdrw-converter/n.ofd',
      'ofdrw/ofdrw-converter/testImageNotFound.ofd',
      'ofdrw/ofdrw-reader/helloworld.ofd',
    ];
    const { summary, codes } = await judge(names.map((n) => fileOf(td(O + n), undefined, n)));
    expect(codes).toEqual([
      'ofdrw/ofdrw-reader/SESV4SignDoc.ofd:warning:ofd-seal.certificate-expired',
      'ofdrw/ofdrw-converter/h.ofd:fail:ofd-seal.document-changed',
      'ofdrw/ofdrw-converter/zsbk.ofd:fail:ofd-seal.document-changed',
      'ofdrw/ofdrw-converter/zsbk.ofd:fail:ofd-seal.document-changed',
      'ofdrw/ofdrw-layout/keyword.ofd:fail:ofd-seal.document-changed',
      'ofdrw/ofdrw-layout/keyword.ofd:fail:ofd-seal.document-changed',
      'ofdrw/ofdrw-converter/n.ofd:fail:ofd-seal.document-changed',
    ]);
    // 4 intact seals and testImageNotFound's two CMS signatures pass; h.ofd's second seal passes though its first
    // fails; helloworld has none (not applicable).
    expect(summary.evidence).toMatchObject({ files: 11, pass: 5, warning: 1, fail: 4, skipped: 1 });
  });

  it('h.ofd: the first seal (locking Signatures.xml) is broken by the second, which is valid', async () => {
    const rows = await signatureCheck.run(ctxOf(pkgOf([fileOf(td(`${O}ofdrw/ofdrw-converter/h.ofd`))]), {}));
    const broken = rows[1]!.evidence.signature as { refs: { changed: string[] }; signature: string };
    expect(broken.refs.changed).toEqual(['Doc_0/Signs/Signatures.xml']);
    expect(broken.signature).toBe('verified');
  });

  it('a raw SM2 Sign value verifies with a configured certificate (DigitalSign.ofd), and is only a warning without one', async () => {
    const f = [fileOf(td(`${O}ofdrw/ofdrw-sign/DigitalSign.ofd`))];
    const withCert = await judge(f, { certificates: [td(`${O}ofdrw/derived/USER.p12.public-cert.pem`)] });
    expect(withCert.summary).toMatchObject({ outcome: 'pass', evidence: { trustedCertificates: 1 } });
    const without = await judge(f, {});
    expect(without.codes).toEqual(['DigitalSign.ofd:warning:ofd-seal.unverified']);
  });

  it('hostile OFDs (truncated zip, junk) fail cleanly; requireSignature makes unsigned files fail', async () => {
    const good = fs.readFileSync(td(`${O}ofdrw/ofdrw-reader/SESV4SignDoc.ofd`));
    const cut = tmp.put('cut.ofd', good.subarray(0, good.length - 40));
    const junk = tmp.put('junk.ofd', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(500, 0x41)]));
    const { codes } = await judge([fileOf(cut), fileOf(junk)]);
    expect(codes).toEqual(['cut.ofd:fail:ofd-seal.unreadable', 'junk.ofd:fail:ofd-seal.unreadable']);
    const strict = await judge([fileOf(td(`${O}ofdrw/ofdrw-reader/helloworld.ofd`))], { requireSignature: true });
    expect(strict.codes).toEqual(['helloworld.ofd:fail:signature.none']);
  });
});
