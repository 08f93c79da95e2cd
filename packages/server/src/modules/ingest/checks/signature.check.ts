// Exports: signatureCheck (id 'signature', GD-1-1 固化信息有效性检测: electronic signatures and OFD seals) — for
// checks/index.ts. Fixity of declared digests is the runner's own check; this one verifies signatures and seals.
import type { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type { CheckDefinition, Outcome, PackageFile } from './check.types.js';
import { parseCertificate } from '../analyzers/certificate.js';
import { finding, type Finding } from '../analyzers/finding.js';
import { formatOf } from '../analyzers/format.analyzer.js';
import { verifyOfdSignatures, type SignatureReport } from '../analyzers/ofd-seal.analyzer.js';
import { contentFiles, perFile } from '../analyzers/per-file.js';
import { cryptoTools, verifyDeclaredSignature } from '../analyzers/signature.analyzer.js';

/** settings.certificates: PEM texts or paths of certificates for signatures that carry none (e.g. raw OFD Sign values). */
function trustedCertificates(settings: Record<string, unknown>): X509Certificate[] {
  const list = Array.isArray(settings.certificates) ? (settings.certificates as string[]) : [];
  return list.flatMap((c) => {
    const text = c.includes('-----BEGIN') ? c : fs.existsSync(c) ? fs.readFileSync(c, 'utf8') : c;
    const cert = parseCertificate(text);
    return cert ? [cert] : [];
  });
}

export function judgeOfdSignature(s: SignatureReport, settings: Record<string, unknown>): Finding {
  const label = `${s.type} ${s.id ?? ''}`.trim();
  const ev = { ...cryptoTools(), signature: s };
  const changed = [...s.refs.changed, ...s.refs.missing];
  if (changed.length)
    return finding(
      'fail',
      'ofd-seal.document-changed',
      `签章 ${label}：签署后文件被改动（${s.refs.ok}/${s.refs.total} 个引用一致；改动：${changed.slice(0, 3).join('、')}）`,
      `Seal/signature ${label}: the document changed after signing (${s.refs.ok} of ${s.refs.total} references match; changed: ${changed.slice(0, 3).join(', ')})`,
      ev,
    );
  if (s.signature === 'failed' || s.dataHashOk === false || s.refs.total === 0)
    return finding(
      'fail',
      'ofd-seal.invalid',
      `签章 ${label} 无效：${s.problems[0] ?? '签名验证失败'}`,
      `Seal/signature ${label} is not valid: ${s.problems[0] ?? 'the signature does not verify'}`,
      ev,
    );
  if (s.signature === 'not verified') {
    const o: Outcome = settings.unverifiable === 'fail' ? 'fail' : 'warning';
    return finding(
      o,
      'ofd-seal.unverified',
      `签章 ${label}：引用完整，但签名值未能验证（${s.problems[0] ?? ''}）`,
      `Seal/signature ${label}: references intact, but the signature value could not be verified (${s.problems[0] ?? ''})`,
      ev,
    );
  }
  if (s.certValidAtSigning === false)
    return finding(
      'warning',
      'ofd-seal.certificate-expired',
      `签章 ${label} 数学验证通过，但签署时证书不在有效期内`,
      `Seal/signature ${label} verifies, but its certificate was not valid at the signing time`,
      ev,
    );
  return finding(
    'pass',
    'ofd-seal.valid',
    `签章 ${label} 有效（SM2/SM3，${s.refs.total} 个引用一致）`,
    `Seal/signature ${label} is valid (SM2/SM3, ${s.refs.total} references match)`,
    ev,
  );
}

async function checkFile(f: PackageFile, settings: Record<string, unknown>, trusted: X509Certificate[]): Promise<Finding[]> {
  const out: Finding[] = [];
  if (f.declared?.signature) out.push(await verifyDeclaredSignature(f, trusted));
  const isOfd = /\.ofd$/i.test(f.path) || (await formatOf(f)).id === 'ofd';
  if (isOfd) {
    const r = await verifyOfdSignatures(f.absPath, trusted);
    if (r.error)
      out.push(
        finding(
          'fail',
          'ofd-seal.unreadable',
          `OFD 签章信息无法读取：${r.error}`,
          `The OFD signature information cannot be read: ${r.error}`,
          { ...cryptoTools(), signatures: r.signatures },
        ),
      );
    else for (const s of r.signatures) out.push(judgeOfdSignature(s, settings));
  }
  if (!out.length) {
    const o: Outcome = settings.requireSignature === true ? 'fail' : 'skipped';
    out.push(finding(o, 'signature.none', '未声明电子签名或签章', 'No electronic signature or seal is declared', {}));
  }
  return out;
}

export const signatureCheck: CheckDefinition = {
  id: 'signature',
  items: { GD: 'GD-1-1', YJ: 'YJ-1-1', CQ: 'CQ-1-1' },
  property: 'authenticity',
  zh: '固化信息有效性检测（电子签名 SM2/RSA、OFD 电子签章）',
  en: 'Fixed information is valid (SM2/RSA electronic signatures, OFD seals)',
  defaults: { certificates: [], requireSignature: false, unverifiable: 'warning', concurrency: 8 },
  choices: { unverifiable: ['warning', 'fail'] },
  ranges: { concurrency: [1, 64] },
  async run(ctx) {
    const trusted = trustedCertificates(ctx.settings);
    return perFile(ctx, contentFiles(ctx.pkg), (f) => checkFile(f, ctx.settings, trusted), {
      concurrency: Number(ctx.settings.concurrency) || 8,
      zh: '电子签名与签章',
      en: 'Signatures and seals',
      quietCodes: ctx.settings.requireSignature === true ? [] : ['signature.none'],
      summaryEvidence: {
        ...cryptoTools(),
        trustedCertificates: trusted.length,
        trust: 'certificate chains are not checked (no trusted roots)',
      },
    });
  },
};
