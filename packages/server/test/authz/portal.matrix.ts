import type { Matrix } from './entry.ts';

/** The public portal answers without signing in; its notices are edited by the 档案管理员. */
export default {
  'portal.search': { allow: 'public' },
  'portal.record': { allow: 'public' },
  'portal.fonds': { allow: 'public' },
  'portal.filePages': { allow: 'public' },
  'portal.iiifInfo': { allow: 'public' },
  'portal.iiifImage': { allow: 'public' },
  'portal.notices': { allow: 'public' },
  'portal.notice': { allow: 'public' },
  'notices.list': { allow: ['archivist'] },
  'notices.create': { allow: ['archivist'], body: () => ({ title: '矩阵通知', body: 'x' }) },
  'notices.update': { allow: ['archivist'], body: () => ({ version: 1, title: 'x' }) },
  'notices.delete': { allow: ['archivist'] },
} satisfies Matrix;
