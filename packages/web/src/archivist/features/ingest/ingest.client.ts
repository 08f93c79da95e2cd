import type { IngestConfigView, IngestReportItem, IngestRun, IngestUpload } from '@lantai/api';
import { api, apiSettings, ApiError } from '../../../lib/api.ts';

export interface Page<T> { items: T[]; total: number; offset: number; limit: number }
export const CHUNK = 8 * 1024 * 1024;

async function sha256(file: File): Promise<string | undefined> {
  // WebCrypto hashes whole buffers only; hash small packages, let the server compute the digest of big ones.
  if (file.size > 512 * 1024 * 1024 || !crypto.subtle) return undefined;
  const d = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Chunked, resumable upload: the idempotency key is derived from the file, so a retry resumes the same upload. */
export async function uploadPackage(file: File, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<IngestUpload> {
  const digest = await sha256(file);
  const key = `web-${file.size}-${file.lastModified}-${(digest ?? file.name).slice(0, 40)}`.replace(/[^\w.:-]/g, '_').slice(0, 100);
  let up = await api.post<IngestUpload>('/api/ingest/uploads', { filename: file.name, size: file.size, sha256: digest, idempotencyKey: key });
  let offset = up.received;
  while (offset < file.size) {
    onProgress(offset, file.size);
    const res = await fetch(`/api/ingest/uploads/${up.id}/chunk?offset=${offset}`, {
      method: 'PUT', credentials: 'same-origin', signal, body: file.slice(offset, offset + CHUNK),
      headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': apiSettings.csrfToken ?? '', Accept: 'application/json' },
    });
    const body = (await res.json().catch(() => ({}))) as { received?: number; code?: string; message?: string };
    if (!res.ok) {
      if (body.code === 'ingest_offset_mismatch') { up = await api.get<IngestUpload>(`/api/ingest/uploads/${up.id}`); offset = up.received; continue; }
      throw new ApiError(res.status, body.code ?? 'internal', body.message ?? res.statusText);
    }
    offset = body.received ?? offset;
  }
  onProgress(file.size, file.size);
  return api.post<IngestUpload>(`/api/ingest/uploads/${up.id}/complete`);
}

export const ingest = {
  createRun: (body: { uploadId: string; categoryId: string; stage: string; defaults: Record<string, unknown> }) => api.post<IngestRun>('/api/ingest/runs', body),
  listRuns: (q: Record<string, string | number | undefined>) => api.get<Page<IngestRun>>('/api/ingest/runs', q),
  getRun: (id: string) => api.get<IngestRun>(`/api/ingest/runs/${id}`),
  report: (id: string, q: Record<string, string | number | undefined>) => api.get<Page<IngestReportItem> & { run: IngestRun }>(`/api/ingest/runs/${id}/report`, q),
  decide: (id: string, d: 'accept' | 'reject', reason = '') => api.post<IngestRun>(`/api/ingest/runs/${id}/${d}`, { reason }),
  config: (stage: string) => api.get<IngestConfigView>(`/api/ingest/config/${stage}`),
  putConfig: (stage: string, body: { version: number; items: Record<string, { enabled: boolean; settings: Record<string, unknown> }> }) => api.put<IngestConfigView>(`/api/ingest/config/${stage}`, body),
};
