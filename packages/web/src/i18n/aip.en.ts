import type { aipZh } from './aip.zh.ts';

export const aipEn: typeof aipZh = {
  tab: 'Preservation',
  intro: 'Once archived, the record, its files, preservation copies, DA/T 46 metadata and a METS/PREMIS description are packed as a BagIt archival information package (AIP); a change of metadata or files makes a new version, old versions are kept.',
  draftNote: 'A draft has no package yet; it is made when the record is archived.',
  build: 'Build new version', building: 'Building…', built: (v: number) => `Version ${v} built`, unchanged: 'Nothing changed; no new version needed',
  versions: 'Package versions', version: 'Version', createdAt: 'Created', size: 'Size', files: 'Files', digest: 'Digest', origin: 'Origin', download: 'Download',
  origins: { built: 'Built here', imported: 'Imported' },
  none: 'No package yet',
  events: 'Preservation events (PREMIS)', eventAt: 'Time', eventType: 'Event', outcome: 'Outcome', agent: 'Agent', detail: 'Detail', noEvents: 'No events yet',
  eventTypes: {
    'information package creation': 'Package created', migration: 'Migration (preservation copy)', ingestion: 'Ingestion', 'fixity check': 'Fixity check', replication: 'Replication',
    repair: 'Repair', validation: 'Validation', 'virus check': 'Virus check', 'message digest calculation': 'Digest calculated', 'format identification': 'Format identification',
  },
  outcomes: { pass: 'Pass', fail: 'Fail', warning: 'Warning' },
};
