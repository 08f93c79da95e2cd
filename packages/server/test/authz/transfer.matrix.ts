import { randomUUID } from 'node:crypto';
import { CAT, type Matrix } from './entry.ts';

const hex = '0'.repeat(64);
/** 移交接收: the 立档单位档案员 prepares, submits and confirms for the agency; the 档案管理员 checks, accepts/returns and confirms for the archive; both read. */
export default {
  'transfers.list': { allow: CAT },
  'transfers.create': {
    allow: ['records_officer'], allowedStatus: 404,
    body: () => ({ idempotencyKey: `matrix-${randomUUID()}`, title: '矩阵移交', transferringUnit: '甲单位', receivingUnit: '市档案馆', categoryId: randomUUID(), yearFrom: 2020, yearTo: 2021, declaredRecords: 1, declaredFiles: 1, declaredBytes: 1 }),
  },
  'transfers.get': { allow: CAT },
  'transfers.update': { allow: ['records_officer'], body: () => ({ version: 1, title: 'x' }) },
  'transfers.attach': { allow: ['records_officer'], body: () => ({ version: 1, uploadId: randomUUID() }) },
  'transfers.detach': { allow: ['records_officer'], body: () => ({ version: 1 }) },
  'transfers.submit': { allow: ['records_officer'], body: () => ({ version: 1 }) },
  'transfers.check': { allow: ['archivist'], body: () => ({ version: 1 }) },
  'transfers.accept': { allow: ['archivist'], body: () => ({ version: 1 }) },
  'transfers.return': { allow: ['archivist'], body: () => ({ version: 1, reason: '矩阵' }) },
  'transfers.confirmAgency': { allow: ['records_officer'], body: () => ({ version: 1 }) },
  'transfers.confirmArchive': { allow: ['archivist'], body: () => ({ version: 1 }) },
  'transfers.form': { allow: CAT },
  'transfers.receipt': { allow: CAT },
  'transfers.verifyReceipt': {
    allow: CAT,
    body: () => ({
      body: { kind: 'lantai.transfer-receipt/1', transferId: randomUUID(), number: 'YJ-2026-0001', idempotencyKey: 'matrix-key', status: 'accepted', transferringUnit: 'a', receivingUnit: 'b', fonds: 'F', category: 'WS', years: '2020-2021',
        records: 0, files: 0, bytes: 0, packages: [], form: null, acceptedBy: null, acceptedAt: null, agencyConfirmedAt: null, archiveConfirmedAt: null, issuedAt: new Date(0).toISOString() },
      digest: { alg: 'sm3', value: hex }, signature: { alg: 'hmac-sm3', keyId: 'k', value: hex },
    }),
  },
} satisfies Matrix;
