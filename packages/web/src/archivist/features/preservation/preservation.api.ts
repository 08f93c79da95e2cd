import type { PreservationDashboard, PreservationIncident } from '@lantai/api';
import { api } from '../../../lib/api.ts';

export type { PreservationDashboard, PreservationIncident };

/** The preservation routes (packages/api/src/preservation.ts). */
export const preservation = {
  dashboard: () => api.get<PreservationDashboard>('/api/preservation/dashboard'),
  incidents: (state?: 'open' | 'acknowledged' | 'resolved') => api.get<{ items: PreservationIncident[] }>('/api/preservation/incidents', state ? { state } : undefined),
  acknowledge: (id: string) => api.post<PreservationIncident>(`/api/preservation/incidents/${id}/acknowledge`),
  resolve: (id: string, resolution: string) => api.post<PreservationIncident>(`/api/preservation/incidents/${id}/resolve`, { resolution }),
  markAllRead: () => api.post<{ updated: number }>('/api/preservation/alerts/read', { all: true }),
  replicate: () => api.post<{ jobId: string }>('/api/preservation/replicate', {}),
  sweep: () => api.post<{ jobId: string }>('/api/preservation/sweep', {}),
};
