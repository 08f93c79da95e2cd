import type { Dict } from './types.ts';

/** Catalogue browsing and editing: the `catalogue` section of en.ts. */
export const catalogueEn: Dict['catalogue'] = {
  title: 'Catalogue',
  retention: { Y: 'Permanent', D30: '30 years', D10: '10 years', C: 'Long term (legacy)', D: 'Short term (legacy)' },
  openStatus: { unreviewed: 'Not reviewed', open: 'Open', controlled: 'Restricted', deferred: 'Deferred' },
  status: { draft: 'Draft', archived: 'Archived' },
  kind: { item: 'Item', volume: 'File' },
  mode: { item: 'by item', volume: 'by file' },
  yearLabel: (y) => `${y}`,
  categoryLabel: (name, code, mode) => `${name} (${code} · ${mode})`,
  fields: {
    archivalCode: 'Reference code', title: 'Title', responsible: 'Creator', docNumber: 'Doc. number', docDate: 'Date', year: 'Year', retention: 'Retention',
    orgCode: 'Organisation', catalogueNo: 'Catalogue no.', security: 'Classification', secrecyPeriod: 'Secrecy period', pages: 'Pages', openStatus: 'Access',
    remarks: 'Remarks', subjects: 'Subjects', scopeCode: 'Archiving scope', status: 'Status', kind: 'Type', updatedAt: 'Modified', createdBy: 'Described by',
    fileCount: 'Files', archivedAt: 'Archived', createdAt: 'Described', category: 'Category',
  },
  tree: {
    title: 'Fonds and classes', empty: 'No fonds you can reach', noCategories: 'No categories', noOrg: '(no organisation)', count: (n) => `${n}`,
    hint: 'Pick a fonds, category or class on the left', all: 'All records',
  },
  table: {
    search: 'Title, reference code, doc. number or creator', columns: 'Columns', columnsReset: 'Defaults', selected: (n) => `${n} selected`,
    clearSelection: 'Clear selection', any: 'Any', empty: 'No records match', totalMore: (n) => `More than ${n.toLocaleString()}`,
  },
  actions: {
    create: 'Describe', createVolume: 'New file', createInVolume: 'Add item to file', batchEdit: 'Batch edit', archive: 'Archive', export: 'Export',
    exportXlsx: 'Export Excel', exportCsv: 'Export CSV', print: 'Print lists', renumber: 'Renumber', open: 'Open', delete: 'Delete',
    needCategory: 'Pick a category on the left first', needVolume: 'Select one file (卷) first', needClass: 'Pick a year and retention on the left first',
    needLowestClass: 'Pick a lowest-level class on the left first',
  },
  archive: {
    confirm: (n) => `Archive ${n} record(s)? Their reference codes become fixed and their class fields can no longer change.`, done: (n) => `${n} archived`,
    onlyDrafts: 'The selected records are all archived already',
  },
  batch: {
    title: (n) => `Batch edit (${n} records)`, hint: 'Only the ticked fields change; every record gets a new version in its history.',
    done: (n) => `${n} updated`, nothing: 'Tick at least one field to change',
  },
  renumber: {
    title: 'Renumber', confirm: (cls) => `Renumber the drafts of class “${cls}”?`,
    explain: 'Renumbering closes the gaps among the drafts of this class: archived records keep their reference codes, drafts follow them in their present order. Every change is audited.',
    done: (n) => (n ? `Renumbered; ${n} reference code(s) changed` : 'Numbers are already continuous'),
  },
  print: {
    title: 'Print lists', intro: (cls) => `Class: ${cls}`, catalogue: 'Catalogue (归档文件目录)', spines: 'Box spines', reference: 'Reference sheets (备考表)',
    perBox: 'Items per box', startBox: 'First box no.', spineWidth: 'Spine width (mm)', status: 'Records', statusAll: 'All', open: 'Open PDF',
  },
  drawer: {
    newItem: 'Describe a new record', newVolume: 'New file (卷)', newInVolume: (code) => `New item in file ${code}`, edit: 'Edit description',
    tabForm: 'Description', tabFiles: 'Digital files', tabHistory: 'History', tabItems: 'Items in file',
    codeAssigned: 'The system assigns the reference code on saving', frozen: 'Archived: the reference code is fixed; year, retention and organisation cannot change.',
    created: (code) => `Saved as ${code}`, saved: 'Saved', staleTitle: 'Someone else changed this record',
    reload: 'Reload', reloaded: 'Reloaded the latest version', extra: 'Category fields', close: 'Close',
    issuesTitle: 'Please correct these fields:', deleteConfirm: 'Delete this draft?', deleted: 'Draft deleted', parent: 'File (卷)',
  },
  form: {
    required: 'Required', datePlaceholder: 'YYYYMMDD', subjectsPlaceholder: 'Type a subject and press Enter', scopePlaceholder: 'Sets the retention',
    scopeSetsRetention: (r) => `Retention set from the archiving scope: ${r}`, notArchivable: ' (not archived)', pagesUnit: 'pp.',
  },
  files: {
    upload: 'Upload file', empty: 'No digital files', filename: 'File name', size: 'Size', mime: 'Type', digest: 'Digest', createdAt: 'Uploaded',
    download: 'Download', view: 'View', delete: 'Delete', deleteConfirm: (n) => `Delete the file ${n}?`, uploaded: (n) => `Uploaded ${n}`,
    deleted: 'Deleted', archivedNoDelete: 'Files of an archived record cannot be deleted', role: 'Role',
    roles: { original: 'Original', preservation: 'Preservation', access: 'Access copy' },
  },
  history: {
    empty: 'No history', version: 'Version', action: 'Action', actor: 'By', at: 'When', changes: 'Changes', first: 'First description',
    noChange: 'No field changed',
    actions: { create: 'Described', update: 'Edited', reclassify: 'Reclassified', archive: 'Archived', batch: 'Batch edit', renumber: 'Renumbered', import: 'Imported' },
  },
  items: { empty: 'No items in this file', add: 'Add item' },
};
