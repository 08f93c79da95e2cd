import { ERROR_MESSAGES, type ErrorCode } from '@lantai/api';

/** Process-wide settings the app fills in: UI language, CSRF token, and what to do on 401. */
export const apiSettings: {
  lang: 'zh' | 'en';
  csrfToken: string | null;
  onUnauthenticated: ((err: ApiError) => void) | null;
} = { lang: 'zh', csrfToken: null, onUnauthenticated: null };

export interface Issue {
  path: string;
  message: string;
}

/** An error response of the API ({code, message, requestId, issues?}), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart body (file upload); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  /** Keep a 401 to the caller instead of returning to the login page (login form, session probe). */
  allow401?: boolean;
  signal?: AbortSignal;
}

function localMessage(code: string): string {
  const known = ERROR_MESSAGES[code as ErrorCode] as { zh: string; en: string } | undefined;
  return known ? known[apiSettings.lang] : code;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<{ code: string; message: string; requestId: string; issues: Issue[] }> = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON: a proxy or a crash page */
  }
  const code = body.code ?? (res.status === 401 ? 'unauthenticated' : res.status >= 500 ? 'unavailable' : 'internal');
  const requestId = body.requestId ?? res.headers.get('x-request-id');
  return new ApiError(res.status, code, body.message ?? localMessage(code), requestId, body.issues ?? []);
}

/** Sends one JSON request to the Lantai API. Non-GET requests carry the CSRF token. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': apiSettings.lang === 'en' ? 'en' : 'zh-CN,zh;q=0.9',
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && apiSettings.csrfToken) headers['x-csrf-token'] = apiSettings.csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', apiSettings.lang === 'en' ? 'Cannot reach the server' : '无法连接服务器');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && !opts.allow401) apiSettings.onUnauthenticated?.(err);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query' | 'body'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData, query?: Query) => request<T>('POST', path, { form, query }),
};

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
