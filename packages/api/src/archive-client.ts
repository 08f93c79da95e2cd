import type { z } from 'zod';
import type { ArchiveMetadata, ArchiveReceipt, ArchiveResult, ArchiveSubmission, ArchiveSubmissionsQuery } from './archive.ts';
import { ApiError, type ClientOptions } from './client.ts';

/** One file of an archive request: its name (as declared in metadata.files) and its bytes (a file-backed Blob streams). */
export interface ArchiveFile { name: string; data: Blob }
export interface ArchiveSubmitRequest {
  metadata: z.input<typeof ArchiveMetadata>;
  files: ArchiveFile[];
  /** The same key with the same content returns the stored receipt; with other content the server answers 409. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

/**
 * The typed client of the 单套制 归档 API (POST /api/archive and its submissions), for business
 * systems, the CLI and scripts. Uses only fetch, FormData and Blob (Node 20+ and browsers).
 * An accepted record (200) and a rejection (422, report kept) both resolve to an ArchiveResult with its
 * signed receipt; every other answer throws ApiError with the stable error code.
 */
export function createArchiveClient(o: ClientOptions) {
  const f = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/$/, '');
  const headers = (extra: Record<string, string> = {}) => ({ ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), 'accept-language': o.lang === 'en' ? 'en' : 'zh-CN', ...extra });
  const fail = async (res: Response): Promise<never> => {
    const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string; requestId?: string; issues?: { path: string; message: string }[] };
    throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? res.statusText, e.requestId, e.issues);
  };
  const get = async <T>(path: string, init: RequestInit = {}) => {
    const res = await f(base + path, { ...init, headers: headers(init.body ? { 'content-type': 'application/json' } : {}) });
    if (!res.ok) await fail(res);
    return (await res.json()) as T;
  };

  return {
    /** Archives one record with its files; metadata goes first in the form, as the server requires. */
    async submit(req: ArchiveSubmitRequest): Promise<ArchiveResult> {
      const form = new FormData();
      form.append('metadata', JSON.stringify(req.metadata));
      for (const file of req.files) form.append('file', file.data, file.name);
      const res = await f(`${base}/api/archive`, { method: 'POST', headers: headers({ 'idempotency-key': req.idempotencyKey }), body: form, signal: req.signal });
      if (res.status !== 200 && res.status !== 422) await fail(res);
      return (await res.json()) as ArchiveResult;
    },
    submissions: (q: Partial<z.input<typeof ArchiveSubmissionsQuery>> = {}) => {
      const u = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
      return get<{ items: ArchiveSubmission[]; total: number }>(`/api/archive/submissions${u.size ? `?${u}` : ''}`);
    },
    submission: (id: string) => get<ArchiveSubmission>(`/api/archive/submissions/${id}`),
    /** The stored report of a submission (PDF or JSON bytes). */
    async report(id: string, kind: 'pdf' | 'json' = 'pdf'): Promise<Uint8Array> {
      const res = await f(`${base}/api/archive/submissions/${id}/report.${kind}`, { headers: headers() });
      if (!res.ok) await fail(res);
      return new Uint8Array(await res.arrayBuffer());
    },
    verifyReceipt: (receipt: ArchiveReceipt) => get<{ digestOk: boolean; signatureOk: boolean; knownSubmission: boolean }>('/api/archive/receipts/verify', { method: 'POST', body: JSON.stringify(receipt) }),
  };
}
export type ArchiveClient = ReturnType<typeof createArchiveClient>;
