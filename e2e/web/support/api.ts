import type { Credentials } from './server.ts';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** The raw response, for status codes and bodies that are not JSON. */
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** Attaches a file to a record (multipart, as the workbench does). */
  upload(recordId: string, name: string, bytes: Buffer): Promise<{ id: string; sha256: string }>;
  /** The session cookie and CSRF header, for a fetch of one's own. */
  headers: Record<string, string>;
}

/** Signs in to the API directly (not through the browser), to set up or check data beside a browser test. */
export async function apiLogin(baseUrl: string, who: Credentials): Promise<ApiClient> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (!res.ok) throw new Error(`login ${who.username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const call = (method: string, path: string, body?: unknown) => fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await call(method, path, body);
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }
  async function upload(recordId: string, name: string, bytes: Buffer) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const r = await fetch(`${baseUrl}/api/records/${recordId}/files`, { method: 'POST', headers, body: form });
    if (!r.ok) throw new Error(`upload: ${r.status} ${await r.text()}`);
    return (await r.json()) as { id: string; sha256: string };
  }
  return { get: (path) => send('GET', path), send, call, upload, headers };
}
