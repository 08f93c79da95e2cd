import type { preservationZh } from './preservation.zh.ts';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (...a: infer A) => string ? (...a: A) => string : T[K] extends string[] ? string[] : Shape<T[K]> };

export const preservationEn: Shape<typeof preservationZh> = {
  title: 'Preservation',
  intro: 'Every file is kept in several copies as the policy says (other sites, other media). Fixity (SHA-256) is checked on a schedule and on every read; a damaged or missing copy is repaired from a good one automatically, and each action is a PREMIS event.',
  replicate: 'Replicate now', sweep: 'Check now', started: 'Job started; see Jobs for progress',
  objects: 'Objects', bytes: 'Total size', belowPolicy: 'Below copy policy', mediaShort: 'Too few media types', openIncidents: 'Open incidents', unreadAlerts: 'Unread alerts',
  policy: 'Copy policy', policyText: (copies: number, media: number, days: number) => `${copies} copies on ${media} media types; a full fixity cycle every ${days} days`,
  rate: (mb: number) => `fixity reads limited to ${mb} MB/s`,
  locations: 'Storage locations', location: 'Location', kind: 'Kind', medium: 'Medium', state: 'State', zone: 'Zone', target: 'Where',
  copies: 'Copies', pending: 'Pending', damaged: 'Damaged/missing', lastFixity: 'Last fixity check', lastCycle: 'Last full cycle', failures: 'Failures (30 d)', repairs: 'Repairs (30 d)', lastError: 'Last error',
  kinds: { primary: 'Primary store', local: 'Local folder', s3: 'S3 bucket' },
  media: { disk: 'Online disk', object: 'Object storage', offline: 'Offline medium' },
  states: { online: 'Online', offline: 'Offline' },
  never: 'never',
  ndsa: 'NDSA Levels of Digital Preservation', ndsaIntro: 'Assessed per area against NDSA Levels 2.0 from the system’s own records, with the reasons each area is not higher.',
  level: (n: number) => (n ? `Level ${n}` : 'Below level 1'),
  levelNames: ['—', 'Know', 'Protect', 'Monitor', 'Sustain'],
  areas: { storage: 'Storage', integrity: 'Integrity', control: 'Control', metadata: 'Metadata', content: 'Content' },
  evidence: 'Evidence', notHigher: 'Why not higher', levelShort: (n: number) => `L${n}`,
  alerts: 'Alerts', markAllRead: 'Mark all read', noAlerts: 'No alerts', severity: { info: 'Info', warning: 'Warning', error: 'Severe' },
  incidents: 'Incidents', noIncidents: 'No open incidents', acknowledge: 'Acknowledge', resolve: 'Resolve', resolution: 'Resolution', resolutionRequired: 'Describe the resolution',
  incidentStates: { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' },
  openedAt: 'Found', occurrences: 'Times', object: 'Object',
  bannerTitle: (n: number) => `Preservation: ${n} open incident${n === 1 ? '' : 's'}`,
  bannerText: 'Some files have no good copy or could not be repaired and need a person (e.g. restore from offline media or the off-site backup).',
  bannerLink: 'Open Preservation',
  incidentText: {
    no_good_copy: (obj: string) => `No good copy of object ${obj}`,
    repair_failed: (obj: string, loc: string) => `Repair of object ${obj} at ${loc} failed`,
  },
  alertText: {
    repaired: (obj: string, loc: string) => `Repaired: object ${obj} at ${loc} restored from a good copy`,
    no_good_copy: (obj: string) => `Object ${obj} has no good copy on any online location`,
    repair_failed: (obj: string, loc: string) => `Repair failed: object ${obj} at ${loc}`,
    replication_retrying: (obj: string, loc: string) => `Copies to ${loc} keep failing; retrying with backoff (${obj})`,
    location_unreachable: (_obj: string, loc: string) => `Fixity sweep stopped: ${loc} unreachable`,
  },
};
