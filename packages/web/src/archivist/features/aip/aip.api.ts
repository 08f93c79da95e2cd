import type { Aip, PreservationEventView } from '@lantai/api';
import { api } from '../../../lib/api.ts';

export type { Aip, PreservationEventView };

/** The AIP routes of a record (packages/api/src/aip.ts). */
export const aips = {
  list: (recordId: string) => api.get<{ items: Aip[] }>(`/api/records/${recordId}/aips`),
  events: (recordId: string) => api.get<{ items: PreservationEventView[] }>(`/api/records/${recordId}/aips/events`),
  build: (recordId: string) => api.post<{ jobId: string }>(`/api/records/${recordId}/aips`),
  contentUrl: (recordId: string, version: number) => `/api/records/${recordId}/aips/${version}/content`,
};
