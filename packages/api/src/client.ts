import type { z } from 'zod';
import type { ArchivalRecord, Category, Fonds, RecordCreate, RecordQuery } from './catalogue.ts';
import type { Job } from './jobs.ts';

/** An error answer of the API, with its stable code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly requestId?: string, readonly issues?: { path: string; message: string }[]) {
    super(message);
  }
}

export interface ClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  /** An API token (lt_…); sent as a bearer token. */
  token?: string;
  /** zh (default) or en: the language of error messages. */
  lang?: 'zh' | 'en';
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * A small typed client for business systems, the CLI and scripts. It speaks only the public API
 * described in openapi.json; every method maps to one operationId.
 */
export function createClient(o: ClientOptions) {
  const f = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/$/, '');
  const headers = (extra: Record<string, string> = {}) => ({
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), 'accept-language': o.lang === 'en' ? 'en' : 'zh-CN', ...extra,
  });
  const url = (path: string, q?: Query) => {
    const u = new URL(base + path);
    for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  };

  async function raw(method: string, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<Response> {
    const res = await f(url(path, opts.query), {
      method, headers: headers(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    if (!res.ok) {
      const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string; requestId?: string; issues?: { path: string; message: string }[] };
      throw new ApiError(res.status, e.code ?? 'http_' + res.status, e.message ?? res.statusText, e.requestId, e.issues);
    }
    return res;
  }
  const json = async <T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}) => (await (await raw(method, path, opts)).json()) as T;

  return {
    raw,
    health: () => json<{ status: string; version: string }>('GET', '/healthz'),
    fonds: {
      list: () => json<{ items: Fonds[] }>('GET', '/api/fonds'),
      categories: (fondsId: string) => json<{ items: Category[] }>('GET', `/api/fonds/${fondsId}/categories`),
    },
    records: {
      list: (q: Partial<z.input<typeof RecordQuery>> = {}) => json<{ items: ArchivalRecord[]; total: number }>('GET', '/api/records', { query: q as Query }),
      get: (id: string) => json<ArchivalRecord>('GET', `/api/records/${id}`),
      create: (body: z.input<typeof RecordCreate>) => json<ArchivalRecord>('POST', '/api/records', { body }),
    },
    jobs: {
      get: (id: string) => json<Job>('GET', `/api/jobs/${id}`),
      /** Polls until the job ends; onProgress sees every change. */
      async wait(id: string, onProgress?: (j: Job) => void, intervalMs = 500): Promise<Job> {
        for (;;) {
          const j = await json<Job>('GET', `/api/jobs/${id}`);
          onProgress?.(j);
          if (j.state === 'completed' || j.state === 'failed' || j.state === 'cancelled') return j;
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      },
    },
  };
}
export type LantaiClient = ReturnType<typeof createClient>;
