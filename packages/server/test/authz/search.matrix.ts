import type { Matrix } from './entry.ts';

/** 全文检索: what the catalogue shows (档案管理员, 立档单位档案员); index status also for the 系统管理员; reindex by 档案管理员 or 系统管理员. */
export default {
  'search.query': { allow: ['archivist', 'records_officer'], body: () => ({ q: '档案' }), tokenScope: 'catalogue:read' },
  'search.status': { allow: ['archivist', 'records_officer', 'sysadmin'] },
  'search.reindex': { allow: ['archivist', 'sysadmin'] },
} satisfies Matrix;
