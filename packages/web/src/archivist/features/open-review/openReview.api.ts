import type { Notice, OpenRule, ReviewDetail, ReviewSummary, SensitiveTerm } from '@lantai/api';
import { api } from '../../../lib/api.ts';

export type ReviewFilter = { stage?: string; hits?: 'any' | 'none'; unpublished?: boolean; offset: number; limit: number };

/** The 开放审核 and notice routes the workbench uses (typed after @lantai/api). */
export const openReviewApi = {
  list: (q: ReviewFilter) => api.get<{ items: ReviewSummary[]; total: number }>('/api/open-review/reviews', q),
  get: (id: string) => api.get<ReviewDetail>(`/api/open-review/reviews/${id}`),
  scan: () => api.post<{ jobId: string }>('/api/open-review/scan', {}),
  decide: (body: { ids: string[]; decision: string; reason: string; deferYears?: number; redaction?: { title: string; hideFiles: boolean } }) =>
    api.post<{ decided: number; advanced: number }>('/api/open-review/decide', body),
  publish: () => api.post<{ batchNo: string | null; published: number; withdrawn: number }>('/api/open-review/publish', {}),
  exportUrl: (format: 'xlsx' | 'csv') => `/api/open-review/catalogue?format=${format}`,
  terms: () => api.get<{ items: SensitiveTerm[] }>('/api/open-review/terms'),
  addTerm: (term: string, category: string) => api.post<SensitiveTerm>('/api/open-review/terms', { term, category }),
  removeTerm: (id: string) => api.delete<{ ok: true }>(`/api/open-review/terms/${id}`),
  rules: () => api.get<{ items: OpenRule[] }>('/api/open-review/rules'),
  putRule: (categoryId: string, body: { openAfterYears: number; coReview: boolean }) => api.put<OpenRule>(`/api/open-review/rules/${categoryId}`, body),
  notices: () => api.get<{ items: Notice[] }>('/api/notices'),
  createNotice: (body: { title: string; body: string; published: boolean }) => api.post<Notice>('/api/notices', body),
  updateNotice: (id: string, body: { title?: string; body?: string; published?: boolean; version: number }) => api.patch<Notice>(`/api/notices/${id}`, body),
  deleteNotice: (id: string) => api.delete<{ ok: true }>(`/api/notices/${id}`),
};
