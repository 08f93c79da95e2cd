import type {
  AccessFlow, AccessRequest, AccessRequestCreate, AccessRequestSummary, AccessStats, ArchivalRecord, DeliveryManifest, DeliveryMode,
} from '@lantai/api';
import { api } from '../../../lib/api.ts';
import type { Page } from '../../../lib/endpoints.ts';

export interface RequestFilter { status?: string; queue?: '1'; q?: string; offset: number; limit: number }
export interface StatsFilter { from: string; to: string; period: 'day' | 'month' | 'year' }
export interface AccessEventRow { id: number; deliveryId: string; kind: string; recordId: string | null; fileId: string | null; page: number | null; actor: string; ip: string; at: string }

/** The 利用 routes the workbench uses (operationIds access.*). */
export const accessApi = {
  list: (f: RequestFilter) => api.get<Page<AccessRequestSummary>>('/api/access/requests', { ...f }),
  get: (id: string) => api.get<AccessRequest>(`/api/access/requests/${id}`),
  create: (body: Partial<AccessRequestCreate>) => api.post<AccessRequest>('/api/access/requests', body),
  withdraw: (id: string) => api.post<AccessRequest>(`/api/access/requests/${id}/withdraw`),
  setItems: (id: string, recordIds: string[]) => api.put<AccessRequest>(`/api/access/requests/${id}/items`, { recordIds }),
  decide: (id: string, body: { decision: 'approve' | 'reject'; reason: string; stepIndex: number }) => api.post<AccessRequest>(`/api/access/requests/${id}/decisions`, body),
  reveal: (id: string) => api.post<{ idNo: string; phone: string }>(`/api/access/requests/${id}/reveal`),
  events: (id: string) => api.get<{ items: AccessEventRow[] }>(`/api/access/requests/${id}/events`),
  deliver: (id: string, mode: DeliveryMode, days: number) => api.post<AccessRequest>(`/api/access/requests/${id}/deliveries`, { mode, days }),
  revoke: (deliveryId: string) => api.post<AccessRequest>(`/api/access/deliveries/${deliveryId}/revoke`),
  certificateUrl: (deliveryId: string) => `/api/access/deliveries/${deliveryId}/certificate`,
  flow: () => api.get<AccessFlow>('/api/access/flow'),
  setFlow: (f: AccessFlow) => api.put<AccessFlow>('/api/access/flow', f),
  stats: (f: StatsFilter) => api.get<AccessStats>('/api/access/stats', { ...f }),
  statsExportUrl: (f: StatsFilter) => `/api/access/stats/export?${new URLSearchParams({ ...f }).toString()}`,
  manifest: (token: string) => api.get<DeliveryManifest>(`/api/access/d/${token}`),
  pageUrl: (token: string, fileId: string, page: number) => `/api/access/d/${token}/files/${fileId}/pages/${page}`,
  downloadUrl: (token: string) => `/api/access/d/${token}/download`,
  findRecords: (q: string) => api.get<Page<ArchivalRecord>>('/api/records', { q, limit: 20 }),
};
