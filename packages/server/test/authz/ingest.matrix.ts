import { randomUUID } from 'node:crypto';
import { CAT, next, type Matrix } from './entry.ts';

/** 归档/移交接收: both catalogue roles upload and run checks within their fonds; only the 档案管理员 accepts, rejects and edits the check configuration. */
export default {
  'ingest.createUpload': { allow: CAT, body: () => ({ filename: 'm.zip', size: 10, idempotencyKey: `matrix-${next()}-${randomUUID()}` }) },
  'ingest.getUpload': { allow: CAT },
  'ingest.putChunk': { allow: CAT, query: { offset: '0' } },
  'ingest.completeUpload': { allow: CAT },
  'ingest.abortUpload': { allow: CAT },
  'ingest.createRun': { allow: CAT, allowedStatus: 404, body: () => ({ uploadId: randomUUID(), categoryId: randomUUID() }) },
  'ingest.listRuns': { allow: CAT },
  'ingest.getRun': { allow: CAT },
  'ingest.report': { allow: CAT },
  'ingest.reportJson': { allow: CAT },
  'ingest.reportPdf': { allow: CAT },
  'ingest.accept': { allow: ['archivist'], body: () => ({}) },
  'ingest.reject': { allow: ['archivist'], body: () => ({}) },
  'ingest.recordRuns': { allow: CAT, allowedStatus: 200 },
  'ingest.getConfig': { allow: CAT },
  'ingest.putConfig': { allow: ['archivist'], body: () => ({ version: 0, items: {} }) },
} satisfies Matrix;
