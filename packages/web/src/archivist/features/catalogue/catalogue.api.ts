import type {
  ArchivalRecord, BatchEdit as BatchEditSchema, Category, Fonds, RecordCreate as RecordCreateSchema, RecordFile as RecordFileSchema,
  RecordPatch as RecordPatchSchema, RecordVersion as RecordVersionSchema, Retention, Scheme, TreeCounts as TreeCountsSchema,
} from '@lantai/api';
import { api, ApiError, apiSettings, type Issue } from '../../../lib/api.ts';
import type { Page } from '../../../lib/endpoints.ts';

/** The output type of an @lantai/api schema, without importing zod here. */
type Out<S extends { parse: (x: unknown) => unknown }> = ReturnType<S['parse']>;
export type RecordFile = Out<typeof RecordFileSchema>;
export type RecordVersion = Out<typeof RecordVersionSchema>;
export type TreeCounts = Out<typeof TreeCountsSchema>;
export type RecordCreate = Out<typeof RecordCreateSchema>;
export type RecordPatch = Out<typeof RecordPatchSchema>;
export type BatchSet = Out<typeof BatchEditSchema>['set'];
export type { ArchivalRecord, Category, Fonds, Retention, Scheme };

export type RecordSort = 'archivalCode' | 'docDate' | 'title' | 'updatedAt' | 'year';

/** The filters of GET /api/records (and of the export). orgCode '' means "records without a 机构". */
export interface RecordFilter {
  fondsId?: string;
  categoryId?: string;
  parentId?: string;
  year?: number;
  retention?: Retention;
  orgCode?: string;
  status?: ArchivalRecord['status'];
  security?: ArchivalRecord['security'];
  openStatus?: ArchivalRecord['openStatus'];
  q?: string;
}

/** A query string that keeps empty orgCode (the shared helper drops empty values). */
export function queryString(f: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && (v !== '' || k === 'orgCode')) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

const filterQuery = (f: RecordFilter) => ({ ...f }) as Record<string, string | number | undefined>;

export const catalogue = {
  fonds: () => api.get<{ items: Fonds[] }>('/api/fonds'),
  categories: (fondsId: string) => api.get<{ items: Category[] }>(`/api/fonds/${fondsId}/categories`),
  category: (id: string) => api.get<Category>(`/api/categories/${id}`),
  tree: (categoryId: string) => api.get<TreeCounts>(`/api/categories/${categoryId}/tree`),
  scheme: (id: string) => api.get<Scheme>(`/api/schemes/${id}`),

  /** A page by offset, or (after: a nextCursor of the page before) by keyset, which stays fast deep in. */
  list: (f: RecordFilter, sort: RecordSort, order: 'asc' | 'desc', offset: number, limit: number, after?: string, signal?: AbortSignal) =>
    api.get<Page<ArchivalRecord> & { totalCapped: boolean; nextCursor: string | null }>(
      `/api/records${queryString({ ...filterQuery(f), sort, order, ...(after ? { after } : { offset }), limit })}`, undefined, { signal }),
  get: (id: string) => api.get<ArchivalRecord>(`/api/records/${id}`),
  create: (body: RecordCreate) => api.post<ArchivalRecord>('/api/records', body),
  update: (id: string, body: RecordPatch) => api.patch<ArchivalRecord>(`/api/records/${id}`, body),
  remove: (id: string) => api.delete<{ ok: true }>(`/api/records/${id}`),
  history: (id: string) => api.get<{ items: RecordVersion[] }>(`/api/records/${id}/history`),
  archive: (ids: string[]) => api.post<{ archived: number }>('/api/records/archive', { ids }),
  batch: (ids: string[], set: BatchSet) => api.post<{ updated: number }>('/api/records/batch', { ids, set }),
  renumber: (body: { categoryId: string; year: number; retention: Retention; orgCode: string }) =>
    api.post<{ changed: number; changes: { id: string; from: string; to: string }[] }>('/api/records/renumber', body),

  files: (id: string) => api.get<{ items: RecordFile[] }>(`/api/records/${id}/files`),
  deleteFile: (id: string, fileId: string) => api.delete<{ ok: true }>(`/api/records/${id}/files/${fileId}`),
  uploadFile: (id: string, file: File) => upload(`/api/records/${id}/files`, file),
};

/** Plain links (GET, same-origin cookie): downloads and PDFs open without JavaScript fetching them. */
export const links = {
  fileContent: (id: string, fileId: string, inline = false) => `/api/records/${id}/files/${fileId}/content${inline ? '?inline=1' : ''}`,
  export: (f: RecordFilter, format: 'xlsx' | 'csv') => {
    const { parentId: _p, ...rest } = f;
    return `/api/records/export${queryString({ ...filterQuery(rest), format })}`;
  },
  print: (kind: 'catalogue' | 'box-spines' | 'reference-sheet', q: Record<string, string | number | undefined>) => `/api/print/${kind}${queryString(q)}`,
};

/** multipart upload with the CSRF token; errors become ApiError like every other call. */
async function upload(path: string, file: File): Promise<RecordFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': apiSettings.lang === 'en' ? 'en' : 'zh-CN' };
  if (apiSettings.csrfToken) headers['x-csrf-token'] = apiSettings.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', apiSettings.lang === 'en' ? 'Cannot reach the server' : '无法连接服务器');
  }
  const json = (await res.json().catch(() => ({}))) as Partial<{ code: string; message: string; requestId: string; issues: Issue[] }> & RecordFile;
  if (!res.ok) {
    const err = new ApiError(res.status, json.code ?? 'internal', json.message ?? res.statusText, json.requestId ?? null, json.issues ?? []);
    if (res.status === 401) apiSettings.onUnauthenticated?.(err);
    throw err;
  }
  return json;
}
