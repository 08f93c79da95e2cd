import type { Matrix } from './entry.ts';

/** 长期保存: the 系统管理员 configures locations and policy; archivist (and sysadmin) operate; the auditor reads. */
const READ = ['archivist', 'sysadmin', 'auditor'] as const;
const OPERATE = ['archivist', 'sysadmin'] as const;
export default {
  'preservation.dashboard': { allow: READ },
  'preservation.locations.list': { allow: READ },
  'preservation.locations.create': { allow: ['sysadmin'], allowedStatus: 400, body: () => ({ kind: 'local', id: `m${Math.random().toString(36).slice(2, 8)}`, name: 'm', medium: 'disk', config: { path: '/etc/hostname/lantai-matrix' } }) },
  'preservation.locations.update': { allow: ['sysadmin'], body: () => ({ zone: 'z' }) },
  'preservation.policy.get': { allow: READ },
  'preservation.policy.put': { allow: ['sysadmin'], body: () => ({ fixityCycleDays: 90 }) },
  'preservation.events.list': { allow: READ },
  'preservation.alerts.list': { allow: READ },
  'preservation.alerts.markRead': { allow: OPERATE, body: () => ({ ids: [] }) },
  'preservation.incidents.list': { allow: READ },
  'preservation.incidents.acknowledge': { allow: OPERATE },
  'preservation.incidents.resolve': { allow: OPERATE, body: () => ({ resolution: 'm' }) },
  'preservation.replicate': { allow: OPERATE, body: () => ({}) },
  'preservation.sweep': { allow: OPERATE, body: () => ({}) },
} satisfies Matrix;
