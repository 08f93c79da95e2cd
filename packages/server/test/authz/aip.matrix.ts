import type { Matrix } from './entry.ts';

/** AIPs: the 档案管理员 builds, downloads, validates and imports; the 立档单位档案员 sees the versions and events of its fonds' records. */
export default {
  'aips.list': { allow: ['archivist', 'records_officer'] },
  'aips.events': { allow: ['archivist', 'records_officer'] },
  'aips.build': { allow: ['archivist'] },
  'aips.download': { allow: ['archivist'] },
  'aips.sweep': { allow: ['archivist'] },
  'aips.validate': { allow: ['archivist'], allowedStatus: 415 },
  'aips.import': { allow: ['archivist'], allowedStatus: 415 },
} satisfies Matrix;
