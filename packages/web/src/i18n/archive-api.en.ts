import type { archiveApiZh } from './archive-api.zh.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Archiving from business systems (the 单套制 archive API): the `archiveApi` section of en.ts. */
export const archiveApiEn: Shape<typeof archiveApiZh> = {
  title: 'Archived by business systems (API)',
  intro: 'Business systems archive one record at a time with an API token (archive:write) through POST /api/archive: metadata and files in one request, the 归档-stage checks run at once; a record that passes is archived with a signed receipt, one that fails is rejected and its report kept.',
  key: 'Idempotency key', via: 'Via', vias: { token: 'API token', session: 'Workbench' }, createdBy: 'Submitted by', fonds: 'Fonds / category', archivalCode: 'Archival code', title2: 'Title',
  status: 'Status', statuses: { checking: 'Checking', accepted: 'Archived', rejected: 'Rejected', failed: 'Failed' }, verdict: 'Verdict', createdAt: 'Time',
  report: 'Check report', pdf: 'PDF', run: 'Details', empty: 'No records archived through the API yet',
};
