import type { ingestZh } from './ingest.zh.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...a: infer A) => string ? (...a: A) => string : Shape<T[K]> };

export const ingestEn: Shape<typeof ingestZh> = {
  title: 'Intake and 四性 checks',
  intro: 'Upload a package (a zip of a BagIt bag, DA/T 48 EEP or the 2012 transfer layout). Lantai checks authenticity, integrity, usability and safety item by item (DA/T 70); the report is stored immutably, and an archivist accepts a passing package into the archive.',
  upload: 'Upload a package', chooseFile: 'Choose a zip or EEP file', category: 'Target category', stage: 'Stage', year: 'Default year', retention: 'Default retention', org: 'Default organisation',
  defaultsHint: 'Used where the package does not say', start: 'Upload and check', uploading: (p: number) => `Uploading ${p}%`, hashing: 'Computing SHA-256…',
  stages: { GD: 'Archiving (GD)', YJ: 'Transfer (YJ)', CQ: 'Preservation (CQ)' },
  statuses: { queued: 'Queued', running: 'Checking', checked: 'Awaiting decision', accepting: 'Accepting', accepted: 'Accepted', rejected: 'Rejected', failed: 'Error' },
  verdicts: { pass: 'Pass', warning: 'Pass with warnings', fail: 'Fail' },
  outcomes: { pass: 'Pass', fail: 'Fail', warning: 'Warning', skipped: 'N/A' },
  properties: { authenticity: 'Authenticity', integrity: 'Integrity', usability: 'Usability', safety: 'Safety' },
  runs: 'Check runs', filename: 'Package', layout: 'Layout', records: 'Records', files: 'Files', verdict: 'Verdict', status: 'Status', createdAt: 'When', createdBy: 'By',
  allStatuses: 'All statuses', allVerdicts: 'All verdicts', search: 'Find by file name', open: 'Open', back: 'Back to the list',
  report: 'Check report', code: 'Item', item: 'What is checked', outcome: 'Result', subject: 'Subject', evidence: 'Evidence', message: 'Finding',
  downloadPdf: 'Download PDF report', downloadJson: 'Download JSON report', digest: 'Report digest',
  accept: 'Accept', reject: 'Reject', reason: 'Reason', confirmAccept: 'Accepting creates the records and stores the files in one transaction. Accept?',
  accepted: (n: number) => `Accepted: ${n} records created`, onlyFailures: 'Problems only',
  config: {
    open: 'Check settings', title: 'Check settings (DA/T 70 items)', intro: 'One configuration per stage: which checks run, and each one\'s limits and outcomes. Saving makes a new version; later runs use it, and each report names the version it ran under.',
    version: (n: number) => (n ? `Version ${n}` : 'Defaults (never changed)'), updated: (by: string, at: string) => `changed by ${by} at ${at}`,
    enabled: 'On', settings: 'Settings', save: 'Save as a new version', saved: (n: number) => `Saved as version ${n}`, reset: 'Discard changes',
    readOnly: 'Only an archivist may change the check settings', badJson: 'Not valid JSON', defaultIs: (v: string) => `default: ${v}`, none: 'Nothing to set',
    labels: {
      timeoutMs: 'Time limit (ms)', emptyFile: 'Empty file', concurrency: 'In parallel', pdfPage1: 'PDF page 1 interpreted', imageDecode: 'Images decoded in full', sample: 'Sample fraction',
      sampleAllUpTo: 'Check all up to (files)', archivalFormats: 'Archival formats', titleDuplicates: 'Duplicate titles', maxLength: 'Maximum length', fields: 'Fields', required: 'Required fields',
      start: 'First number', certificates: 'Trusted certificates (PEM)', requireSignature: 'Signature required', unverifiable: 'Unverifiable signature', whenUnavailable: 'When the virus scanner is unavailable',
      mode: 'Mode', eepSchema: 'EEP schema (XSD path)', schemas: 'Namespace → XSD path',
    },
    choices: { all: 'All', sample: 'Sample', warning: 'Warning', fail: 'Fail', skipped: 'Skipped', stream: 'Stream', path: 'By path (same host)', auto: 'Automatic' },
  },
};
