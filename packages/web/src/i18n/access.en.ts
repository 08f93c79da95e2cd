import type { accessZh } from './access.zh.ts';

type Shape<T> = T extends string ? string : T extends (...a: infer A) => string ? (...a: A) => string : { [K in keyof T]: Shape<T[K]> };

export const accessEn: Shape<typeof accessZh> = {
  mine: { title: 'My requests', intro: 'Ask for records and follow the approval; once approved, view them online (watermarked) or download them until the link expires.' },
  queue: { title: 'Access requests', intro: 'Requests from readers and the front desk: attach records, approve step by step, deliver for a set period or as certified copies. Every view and download is logged.' },
  stats: { title: 'Access statistics', intro: 'Requests, approvals, deliveries, views and downloads per period, and the purposes; export to xlsx.' },
  newRequest: 'New request', walkIn: 'Front-desk request', submit: 'Submit', submitted: (n: string) => `Request submitted: ${n}`,
  number: 'Request no.', purpose: 'Purpose', purposeDetail: 'Details of purpose', content: 'What you are looking for', contentHint: 'Names, years, units, matters — whatever helps us find it',
  preferredMode: 'Preferred delivery', applicant: 'Applicant', applicantName: 'Name', idType: 'ID type', idNo: 'ID number', phone: 'Phone',
  idTypes: { resident_id: 'Resident ID card', passport: 'Passport', other: 'Other ID' },
  purposes: { marriage: 'Livelihood · marriage', education: 'Livelihood · schooling', employment: 'Livelihood · years of service', property: 'Livelihood · real estate', work: 'Official work', research: 'Research', other: 'Other' },
  modes: { view: 'View online', download: 'Download', certified: 'Certified copies' },
  channels: { online: 'Online', window: 'Front desk', portal: 'Portal' },
  status: { reviewing: 'In review', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' },
  statusColors: { reviewing: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' },
  createdAt: 'Submitted', decidedAt: 'Decided', items: 'Records', itemCount: 'Records', step: 'Current step', channel: 'Channel', reader: 'Reader account',
  onlyMine: 'Waiting for me', allRequests: 'All requests', allStatus: 'Any status', statusLabel: 'Status', searchPlaceholder: 'Number or applicant', detail: 'Request', steps: 'Approval flow',
  decisions: 'Decisions', approve: 'Approve', reject: 'Reject', reason: 'Reason', reasonRequired: 'A rejection needs a reason', decided: 'Decision recorded',
  withdraw: 'Withdraw', confirmWithdraw: 'Withdraw this request?', reveal: 'Show full ID number', revealNote: 'This is recorded in the audit log',
  setItems: 'Attach records', saveItems: 'Save records', pickRecords: 'Type a title or archival code', requested: 'Records picked by the reader', itemsSaved: 'Records saved',
  archivalCode: 'Archival code', recordTitle: 'Title', year: 'Year', security: 'Classification', files: 'Files',
  itemsHidden: 'The records are listed once the request is approved.',
  deliveries: 'Deliveries', deliver: 'Deliver', deliverTitle: 'New delivery', days: 'Days valid', delivered: 'Delivery created', expiresAt: 'Valid until', expired: 'Expired', revoked: 'Revoked',
  view: 'View', download: 'Download PDF', certificate: 'Print certified copy', revoke: 'Revoke', views: 'Views', downloads: 'Downloads', certificateNo: 'Certificate no.',
  events: 'Views and downloads', eventKinds: { view: 'View', download: 'Download', certificate: 'Certified print' }, at: 'Time', actor: 'By', page: 'Page',
  viewer: { title: (n: string) => `View online · ${n}`, expires: (d: string) => `Valid until ${d}`, page: (p: number, n: number) => `Page ${p} of ${n}`, prev: 'Previous', next: 'Next', noFiles: 'No viewable files', note: 'Pages carry your watermark; for your own use only.' },
  flow: { title: 'Approval flow', edit: 'Configure', approvers: 'Approvers (empty: any archivist)', secrecy: 'Extra step for classified records / restricted fonds', restricted: 'Restricted fonds codes', saved: 'Flow saved', label: 'Step name' },
  chart: { from: 'From', to: 'To', period: 'Period', periods: { day: 'By day', month: 'By month', year: 'By year' }, export: 'Export xlsx', totals: 'Totals' },
  metrics: { requests: 'Requests', approved: 'Approved', rejected: 'Rejected', deliveries: 'Deliveries', views: 'Page views', downloads: 'Downloads / certified' },
  byPurpose: 'Purposes',
};
