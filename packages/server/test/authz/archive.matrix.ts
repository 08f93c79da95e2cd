import { CAT, type Matrix } from './entry.ts';

const receipt = () => ({
  body: {
    kind: 'lantai.archive-receipt/1', idempotencyKey: 'matrix-key', requestSha256: 'a'.repeat(64), status: 'accepted', fonds: 'M001', category: 'WS', archivalCode: null, recordId: null,
    verdict: 'pass', files: [], report: { runId: '00000000-0000-4000-8000-000000000000', sha256: 'b'.repeat(64), sm3: 'c'.repeat(64), pdfSha256: null }, reason: null, issuedAt: '2026-01-01T00:00:00.000Z',
  },
  digest: { alg: 'sm3', value: 'd'.repeat(64) },
  signature: { alg: 'hmac-sm3', keyId: 'k-1', value: 'e'.repeat(64) },
});

/** 单套制 归档 from business systems: both catalogue roles (within their fonds), and API tokens with archive:write. */
export default {
  'archive.submit': { allow: CAT, tokenScope: 'archive:write' },
  'archive.list': { allow: CAT, tokenScope: 'archive:write' },
  'archive.get': { allow: CAT, tokenScope: 'archive:write' },
  'archive.receipt': { allow: CAT, tokenScope: 'archive:write' },
  'archive.reportJson': { allow: CAT, tokenScope: 'archive:write' },
  'archive.reportPdf': { allow: CAT, tokenScope: 'archive:write' },
  'archive.verifyReceipt': { allow: CAT, tokenScope: 'archive:write', body: receipt },
} satisfies Matrix;
