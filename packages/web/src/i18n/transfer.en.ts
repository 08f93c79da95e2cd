import type { transferZh } from './transfer.zh.ts';

type Shape<T> = T extends string ? string : T extends (...a: infer A) => string ? (...a: A) => string : { [K in keyof T]: Shape<T[K]> };

export const transferEn: Shape<typeof transferZh> = {
  title: 'Transfers',
  intro: 'The agency fills in a transfer, uploads its packages and submits it; the archive checks each package at the DA/T 70 transfer stage (YJ), then accepts it or returns it with reasons; on acceptance the transfer and acceptance form is issued and both sides confirm it here.',
  create: 'New transfer', list: 'Transfers', back: 'Back to list', allStatuses: 'All statuses', search: 'Find by number or name',
  statuses: { draft: 'Draft', submitted: 'Submitted', checking: 'Checking', checked: 'Awaiting decision', accepting: 'Accepting', accepted: 'Accepted', returned: 'Returned', confirmed: 'Confirmed by both' },
  number: 'Number', name: 'Transfer name', description: 'Description', transferringUnit: 'Transferring unit', receivingUnit: 'Receiving unit', fonds: 'Fonds', category: 'Category', years: 'Years',
  yearFrom: 'From year', yearTo: 'To year', declared: 'Declared', received: 'Received', records: 'Records', files: 'Files', bytes: 'Size (bytes)', status: 'Status', createdBy: 'Prepared by', createdAt: 'Created', round: 'Round',
  orgCode: 'Default organisation code', defaultsHint: 'used where a package gives none',
  packages: 'Packages', filename: 'File', size: 'Size', digests: 'Digests', addPackage: 'Upload and attach a package', detach: 'Remove', uploading: (p: number) => `Uploading ${p}%`,
  checks: 'Check progress', run: 'Check run', verdict: 'Verdict', report: 'Report',
  summary: 'Check summary', totals: 'Totals (YJ 2-1)', totalsOk: 'match', totalsBad: 'differ',
  properties: { authenticity: 'Authenticity', integrity: 'Integrity', usability: 'Usability', safety: 'Safety' },
  verdicts: { pass: 'Pass', warning: 'Pass with warnings', fail: 'Fail' },
  submit: 'Submit', startChecks: 'Start checks', checkAgain: 'Check again', accept: 'Accept', return: 'Return', returnReason: 'Reason for returning', returnReasonRequired: 'Give a reason',
  confirmAccept: 'Every package becomes records and stored files in one transaction and the form is issued. Accept?',
  confirmAgency: 'Confirm (agency)', confirmArchive: 'Confirm (archive)', confirmed: 'Confirmed', pending: 'Pending',
  downloadForm: 'Download form (PDF)', receipt: 'Signed receipt', returnedBecause: 'Returned: ', failure: 'Accept failed: ', acceptedRecords: (n: number) => `Accepted: ${n} records created`,
  steps: { draft: 'Prepare', submitted: 'Submit', checking: 'Check', decided: 'Accept/return', confirmed: 'Both confirm' },
};
