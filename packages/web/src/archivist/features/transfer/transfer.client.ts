import type { Transfer, TransferDetail, TransferReceipt } from '@lantai/api';
import { api } from '../../../lib/api.ts';

export interface Page<T> { items: T[]; total: number; offset: number; limit: number }
export interface TransferDraft {
  idempotencyKey: string; title: string; description: string; transferringUnit: string; receivingUnit: string; categoryId: string;
  yearFrom: number; yearTo: number; declaredRecords: number; declaredFiles: number; declaredBytes: number; defaults: Record<string, unknown>;
}

/** The 移交接收 routes the workbench uses (operationIds transfers.*). */
export const transfers = {
  list: (q: Record<string, string | number | undefined>) => api.get<Page<Transfer>>('/api/transfers', q),
  get: (id: string) => api.get<TransferDetail>(`/api/transfers/${id}`),
  create: (body: TransferDraft) => api.post<TransferDetail>('/api/transfers', body),
  attach: (id: string, version: number, uploadId: string) => api.post<TransferDetail>(`/api/transfers/${id}/packages`, { version, uploadId }),
  detach: (id: string, version: number, packageId: string) => api.post<TransferDetail>(`/api/transfers/${id}/packages/${packageId}/detach`, { version }),
  act: (id: string, action: 'submit' | 'check' | 'accept' | 'confirm-agency' | 'confirm-archive', version: number) => api.post<TransferDetail>(`/api/transfers/${id}/${action}`, { version }),
  giveBack: (id: string, version: number, reason: string) => api.post<TransferDetail>(`/api/transfers/${id}/return`, { version, reason }),
  receipt: (id: string) => api.get<TransferReceipt>(`/api/transfers/${id}/receipt`),
};
export const formUrl = (id: string) => `/api/transfers/${id}/form.pdf`;
