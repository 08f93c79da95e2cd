import type { Matrix } from './entry.ts';

/** 开放审核: the 档案管理员 runs it; the 立档单位档案员 (移交单位) reads and gives co-review opinions on its own fonds. */
export default {
  'openReview.scan': { allow: ['archivist'], body: () => ({ asOf: '2000-01-01' }) },
  'openReview.list': { allow: ['archivist', 'records_officer'] },
  'openReview.get': { allow: ['archivist', 'records_officer'] },
  'openReview.decide': { allow: ['archivist', 'records_officer'], allowedStatus: 404, body: () => ({ ids: ['00000000-0000-4000-8000-000000000000'], decision: 'open', reason: 'm' }) },
  'openReview.publish': { allow: ['archivist'] },
  'openReview.exportCatalogue': { allow: ['archivist'], query: { format: 'csv' } },
  'openReview.terms.list': { allow: ['archivist'] },
  'openReview.terms.add': { allow: ['archivist'], body: () => ({ term: `矩阵${Math.random().toString(36).slice(2, 8)}`, category: 'other' }) },
  'openReview.terms.remove': { allow: ['archivist'] },
  'openReview.rules.list': { allow: ['archivist'] },
  'openReview.rules.put': { allow: ['archivist'], body: () => ({ openAfterYears: 25, coReview: false }) },
} satisfies Matrix;
