import type { z } from 'zod';
import type { Session } from './auth.ts';
import type { Category, Fonds } from './catalogue.ts';
import type { IngestUpload } from './ingest.ts';
import type { Transfer, TransferCreate, TransferDetail, TransferReceipt, TransfersQuery, TransferUpdate } from './transfer.ts';
import { ApiError, type ClientOptions } from './client.ts';

/**
 * A person's signed-in session. 移交接收 is signed off by people, so the transfer routes (and the package
 * uploads) take a session — the cookie and its CSRF token — not an API token.
 */
export interface SessionAuth { username: string; cookie: string; csrfToken: string }
export type TransferClientOptions = Omit<ClientOptions, 'token'> & { session: SessionAuth };
type Query = Record<string, string | number | boolean | undefined>;

const failure = async (res: Response): Promise<never> => {
  const e = (await res.json().catch(() => ({}))) as { code?: string; message?: string; requestId?: string; issues?: { path: string; message: string }[] };
  throw new ApiError(res.status, e.code ?? `http_${res.status}`, e.message ?? res.statusText, e.requestId, e.issues);
};

/** Signs in with a username and password (POST /api/auth/login); the answer carries the session cookie. */
export async function signIn(o: Omit<ClientOptions, 'token'>, username: string, password: string): Promise<SessionAuth & { session: Session }> {
  const res = await (o.fetch ?? fetch)(`${o.baseUrl.replace(/\/$/, '')}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': o.lang === 'en' ? 'en' : 'zh-CN' }, body: JSON.stringify({ username, password }),
  });
  if (!res.ok) await failure(res);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('lantai_session='));
  if (!cookie) throw new ApiError(res.status, 'http_no_session', 'the server set no session cookie');
  const session = (await res.json()) as Session;
  return { username: session.user.username, cookie, csrfToken: session.csrfToken, session };
}

/**
 * The typed client of 移交接收 (/api/transfers) for the CLI and scripts: the agency creates a 移交单, uploads
 * packages (chunked, resumable) and attaches them, submits and confirms; the archive checks (YJ), accepts or
 * returns with a reason and confirms; both read the status, the 登记表 PDF and the signed receipt.
 * Every change names the version it saw (409 stale_version otherwise). Errors throw ApiError with the stable code.
 */
export function createTransferClient(o: TransferClientOptions) {
  const f = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/$/, '');
  const headers = (extra: Record<string, string> = {}) => ({ cookie: o.session.cookie, 'x-csrf-token': o.session.csrfToken, 'accept-language': o.lang === 'en' ? 'en' : 'zh-CN', ...extra });
  const url = (path: string, q?: Query) => {
    const u = new URL(base + path);
    for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  };
  async function raw(method: string, path: string, opts: { query?: Query; body?: unknown; bytes?: Blob } = {}) {
    const res = await f(url(path, opts.query), {
      method, headers: headers(opts.bytes ? { 'content-type': 'application/octet-stream' } : opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      body: opts.bytes ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    if (!res.ok) await failure(res);
    return res;
  }
  const json = async <T>(method: string, path: string, opts: { query?: Query; body?: unknown; bytes?: Blob } = {}) => (await (await raw(method, path, opts)).json()) as T;
  const act = (id: string, action: string, body: Record<string, unknown>) => json<TransferDetail>('POST', `/api/transfers/${id}/${action}`, { body });
  const bytes = async (path: string) => {
    const res = await raw('GET', path);
    return { bytes: new Uint8Array(await res.arrayBuffer()), sha256: res.headers.get('x-content-sha256') };
  };

  return {
    /** Fonds and 门类 by their codes (to create a transfer for them). */
    async category(fondsCode: string, categoryCode: string): Promise<Category & { fonds: Fonds }> {
      const fonds = (await json<{ items: Fonds[] }>('GET', '/api/fonds')).items.find((x) => x.code === fondsCode);
      if (!fonds) throw new ApiError(404, 'not_found', `no fonds ${fondsCode}`);
      const cat = (await json<{ items: Category[] }>('GET', `/api/fonds/${fonds.id}/categories`)).items.find((c) => c.code === categoryCode);
      if (!cat) throw new ApiError(404, 'not_found', `no category ${categoryCode} in fonds ${fondsCode}`);
      return { ...cat, fonds };
    },
    list: (q: Partial<z.input<typeof TransfersQuery>> = {}) => json<{ items: Transfer[]; total: number }>('GET', '/api/transfers', { query: q as Query }),
    get: (id: string) => json<TransferDetail>('GET', `/api/transfers/${id}`),
    create: (body: z.input<typeof TransferCreate>) => json<TransferDetail>('POST', '/api/transfers', { body }),
    update: (id: string, body: z.input<typeof TransferUpdate>) => json<TransferDetail>('PATCH', `/api/transfers/${id}`, { body }),
    /**
     * Uploads one package in chunks (POST /api/ingest/uploads, PUT …/chunk, POST …/complete). The same key resumes
     * from the bytes the server already holds; the server checks size and SHA-256 on complete.
     */
    async upload(file: { name: string; data: Blob; sha256: string }, key: string, opts: { chunkBytes?: number; onProgress?: (sent: number, size: number) => void } = {}): Promise<IngestUpload> {
      const chunk = opts.chunkBytes ?? 8 * 1024 * 1024;
      let up = await json<IngestUpload>('POST', '/api/ingest/uploads', { body: { filename: file.name, size: file.data.size, sha256: file.sha256, idempotencyKey: key } });
      if (up.status === 'complete') return up;
      for (let off = up.received; off < file.data.size; off += chunk) {
        await json('PUT', `/api/ingest/uploads/${up.id}/chunk`, { query: { offset: off }, bytes: file.data.slice(off, off + chunk) });
        opts.onProgress?.(Math.min(off + chunk, file.data.size), file.data.size);
      }
      up = await json<IngestUpload>('POST', `/api/ingest/uploads/${up.id}/complete`);
      return up;
    },
    attach: (id: string, version: number, uploadId: string) => act(id, 'packages', { version, uploadId }),
    detach: (id: string, version: number, packageId: string) => act(id, `packages/${packageId}/detach`, { version }),
    submit: (id: string, version: number) => act(id, 'submit', { version }),
    check: (id: string, version: number) => act(id, 'check', { version }),
    accept: (id: string, version: number) => act(id, 'accept', { version }),
    giveBack: (id: string, version: number, reason: string) => act(id, 'return', { version, reason }),
    confirm: (id: string, side: 'agency' | 'archive', version: number) => act(id, `confirm-${side}`, { version }),
    /** The latest 登记表 PDF and the SHA-256 the server states for it. */
    form: (id: string) => bytes(`/api/transfers/${id}/form.pdf`),
    /** A check run's stored report (PDF or JSON). */
    report: (runId: string, kind: 'pdf' | 'json' = 'pdf') => bytes(`/api/ingest/runs/${runId}/report.${kind}`),
    receipt: (id: string) => json<TransferReceipt>('GET', `/api/transfers/${id}/receipt`),
    verifyReceipt: (r: TransferReceipt) => json<{ digestOk: boolean; signatureOk: boolean }>('POST', '/api/transfers/receipts/verify', { body: r }),
    /** Polls until done(transfer) holds; onPoll sees every answer. */
    async waitFor(id: string, done: (t: TransferDetail) => boolean, onPoll?: (t: TransferDetail) => void, intervalMs = 500): Promise<TransferDetail> {
      for (;;) {
        const t = await json<TransferDetail>('GET', `/api/transfers/${id}`);
        onPoll?.(t);
        if (done(t)) return t;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    /** Links a person can open in the workbench session: the report of each run and the 登记表. */
    links: (t: TransferDetail) => ({
      form: t.formSha256 ? `${base}/api/transfers/${t.id}/form.pdf` : null,
      reports: Object.fromEntries(t.checks.map((c) => [c.run.id, { pdf: `${base}/api/ingest/runs/${c.run.id}/report.pdf`, json: `${base}/api/ingest/runs/${c.run.id}/report.json` }])),
    }),
  };
}
export type TransferClient = ReturnType<typeof createTransferClient>;
