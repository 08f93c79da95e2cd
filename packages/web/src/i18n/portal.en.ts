import type { portalZh } from './portal.zh.ts';
type Widen<T> = T extends string ? string : T extends (...a: infer A) => string ? (...a: A) => string : { [K in keyof T]: Widen<T[K]> };
export type PortalDict = Widen<typeof portalZh>;

/** Public portal, English. */
export const portalEn: PortalDict = {
  site: { name: 'Lantai Public Archives', short: 'Lantai', tagline: 'Search opened records and request access online', skip: 'Skip to main content', footer: 'This site publishes only catalogue entries that passed open review and were published.', langSwitch: '中文', langName: 'English' },
  nav: { search: 'Search', notices: 'Notices', request: 'Request access', track: 'Track a request', label: 'Main navigation' },
  search: {
    title: 'Search opened records', label: 'Search terms', placeholder: 'Title, reference code, document number or creator', submit: 'Search', year: 'Year', anyYear: 'Any year', fonds: 'Fonds', anyFonds: 'All fonds',
    results: (n: number) => `${n} found`, none: 'No opened records match.', prev: 'Previous', next: 'Next', page: (p: number, n: number) => `Page ${p} of ${n}`,
    redacted: 'Redacted', files: (n: number) => `${n} file${n === 1 ? '' : 's'}`, noFiles: 'Catalogue only',
  },
  record: {
    back: 'Back to results', archivalCode: 'Reference code', fonds: 'Fonds', category: 'Category', year: 'Year', date: 'Date', docNumber: 'Document number', responsible: 'Creator', pages: 'Pages',
    publishedAt: 'Published', redactedNote: 'This record is opened with redactions; some content is withheld.', files: 'Digitised files', noFiles: 'Only the catalogue entry is published; request access to see the record.',
    request: 'Request access to this record', notFound: 'Record not found', notFoundText: 'The record does not exist or is not opened.',
  },
  viewer: {
    label: 'Image viewer', zoomIn: 'Zoom in', zoomOut: 'Zoom out', fit: 'Fit width', rotate: 'Rotate 90°', prevPage: 'Previous page', nextPage: 'Next page', page: (p: number, n: number) => `Page ${p} of ${n}`,
    loading: 'Loading image…', failed: 'The image could not be loaded', image: (name: string, p: number) => `${name}, page ${p}`, zoom: (z: number) => `Zoom ${z}%`,
  },
  notices: { title: 'Notices', none: 'No notices.', updated: 'Published', back: 'Back to notices', notFound: 'Notice not found' },
  request: {
    title: 'Request access online', intro: 'Fill in the request truthfully. You will get a request number and a tracking code; keep them to follow the request.',
    name: 'Name', idType: 'ID type', idNo: 'ID number', phone: 'Phone', purpose: 'Purpose', purposeDetail: 'Purpose details', content: 'What you are looking for', contentHint: 'Names, years, units…',
    records: 'Selected records', mode: 'Delivery', submit: 'Submit request', submitting: 'Submitting…', done: 'Request submitted', number: 'Request number', code: 'Tracking code', keep: 'Write down the request number and tracking code to follow the request.',
    required: 'Required', idTypes: { resident_id: 'Resident ID card', passport: 'Passport', other: 'Other' },
    purposes: { marriage: 'Marriage registration', education: 'School records', employment: 'Employment/social security', property: 'Real estate', work: 'Official work', research: 'Research', other: 'Other' },
    modes: { view: 'View online', download: 'Download', certified: 'Certified copies' },
    unavailable: 'Online requests are not available now; try later or visit the archive.',
  },
  track: {
    title: 'Track a request', number: 'Request number', code: 'Tracking code', submit: 'Look up', status: 'Status', steps: 'Steps', reason: 'Note', created: 'Submitted', decided: 'Decided',
    statuses: { reviewing: 'Under review', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' }, done: 'done', pending: 'pending', deliveries: 'Deliveries', expires: 'Valid until', expired: 'Expired',
    open: 'Open records', notFound: 'No such request; check the number and tracking code.',
  },
  error: { generic: 'Something went wrong; try again later.', network: 'Cannot reach the server; check your connection.', rate: 'Too many requests; try again shortly.' },
};
