import type { PortalRecord, PortalSearchResult, PublicNotice } from '@lantai/api';
import { api } from '../lib/api.ts';

export interface TrackResult {
  number: string; status: 'reviewing' | 'approved' | 'rejected' | 'withdrawn'; purpose: string; createdAt: string; decidedAt: string | null;
  steps: { label: string; done: boolean }[]; reason: string | null; deliveries: { mode: string; expiresAt: string; expired: boolean; token: string }[];
}

/** The public API the portal uses; nothing here needs a session. */
export const portalApi = {
  search: (q: { q?: string; year?: number; fonds?: string; offset?: number; limit?: number }) => api.get<PortalSearchResult>('/api/public/records', q),
  record: (id: string) => api.get<PortalRecord>(`/api/public/records/${encodeURIComponent(id)}`),
  fonds: () => api.get<{ items: { code: string; name: string; count: number }[] }>('/api/public/fonds'),
  pages: (fileId: string) => api.get<{ pages: number; iiif: string[] }>(`/api/public/files/${encodeURIComponent(fileId)}/pages`),
  notices: () => api.get<{ items: PublicNotice[] }>('/api/public/notices'),
  notice: (id: string) => api.get<PublicNotice>(`/api/public/notices/${encodeURIComponent(id)}`),
  // Reader requests belong to the access module (access.publicSubmit / access.publicTrack).
  submit: (body: unknown) => api.post<{ number: string; trackingCode: string }>('/api/access/public/requests', body),
  track: (number: string, code: string) => api.get<TrackResult>(`/api/access/public/requests/${encodeURIComponent(number)}`, { code }),
};

/** A IIIF image URL for one page: `<fileId>~<page>`, full region, the given width, no rotation. */
export const iiifUrl = (fileId: string, page: number, width: number, rotation = 0) =>
  `/api/public/iiif/${fileId}~${page}/full/${width},/${rotation}/default.jpg`;
