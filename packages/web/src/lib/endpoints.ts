import type {
  ApiToken, AuditRow, AuditVerifyResult, Category, Clearance, ExtraField, Fonds, ImportEncoding, ImportMapping, ImportRowIssue, ImportView, Job,
  Role, Scheme, SchemeBody, Session, TokenScope, User,
} from '@lantai/api';
import { api } from './api.ts';

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
export type Ok = { ok: true };
export type JobState = Job['state'];
export type AuditOutcome = AuditRow['outcome'];

/** Every API route the workbench uses, typed after @lantai/api. */
export const auth = {
  session: () => api.get<Session>('/api/auth/session', undefined, { allow401: true }),
  login: (username: string, password: string) => api.post<Session>('/api/auth/login', { username, password }, { allow401: true }),
  logout: () => api.post<Ok>('/api/auth/logout', {}, { allow401: true }),
  changePassword: (currentPassword: string, newPassword: string) => api.post<Ok>('/api/auth/password', { currentPassword, newPassword }),
};

export const users = {
  list: (offset: number, limit: number) => api.get<Page<User>>('/api/users', { offset, limit }),
  create: (body: { username: string; displayName: string; password: string }) => api.post<User>('/api/users', body),
  update: (id: string, body: { displayName?: string; disabled?: boolean }) => api.patch<User>(`/api/users/${id}`, body),
  unlock: (id: string) => api.post<User>(`/api/users/${id}/unlock`),
  grant: (id: string, body: { roles: Role[]; clearance: Clearance; fondsScope: string[] }) => api.put<User>(`/api/users/${id}/grants`, body),
};

export const tokens = {
  list: () => api.get<{ items: ApiToken[] }>('/api/tokens'),
  create: (body: { name: string; scopes: TokenScope[]; fondsScope: string[]; expiresInDays?: number }) =>
    api.post<{ token: ApiToken; secret: string }>('/api/tokens', body),
  revoke: (id: string) => api.delete<Ok>(`/api/tokens/${id}`),
};

export interface AuditFilter {
  action?: string;
  actor?: string;
  outcome?: AuditOutcome;
}
export const audit = {
  list: (offset: number, limit: number, f: AuditFilter) => api.get<Page<AuditRow>>('/api/audit', { offset, limit, ...f }),
  verify: () => api.post<AuditVerifyResult>('/api/audit/verify'),
  verifyJob: () => api.post<{ jobId: string }>('/api/audit/verify-job'),
};

export const jobs = {
  list: (limit: number, state?: JobState) => api.get<{ items: Job[] }>('/api/jobs', { limit, state }),
  get: (id: string) => api.get<Job>(`/api/jobs/${id}`),
};

export const health = () => api.get<{ status: 'ok' | 'fail'; version: string }>('/healthz', undefined, { allow401: true });

/** 全宗 and 门类 (server: modules/fonds/fonds.routes.ts). */
export interface FondsInput {
  name: string;
  agency: string;
  startYear: number | null;
  endYear: number | null;
  description: string;
  history: string;
}
export interface CategoryInput {
  template: 'WS' | 'KJ' | 'custom';
  code?: string;
  name?: string;
  mode?: 'item' | 'volume';
}
export const fonds = {
  list: () => api.get<{ items: Fonds[] }>('/api/fonds'),
  get: (id: string) => api.get<Fonds>(`/api/fonds/${id}`),
  create: (body: FondsInput & { code: string }) => api.post<Fonds>('/api/fonds', body),
  update: (id: string, body: Partial<FondsInput> & { version: number; archived?: boolean }) => api.patch<Fonds>(`/api/fonds/${id}`, body),
  categories: (id: string) => api.get<{ items: Category[] }>(`/api/fonds/${id}/categories`),
  createCategory: (id: string, body: CategoryInput) => api.post<Category>(`/api/fonds/${id}/categories`, body),
};
export const categories = {
  get: (id: string) => api.get<Category>(`/api/categories/${id}`),
  setFields: (id: string, extraFields: ExtraField[], version: number) => api.put<Category>(`/api/categories/${id}/fields`, { extraFields, version }),
};
/** 分类方案 versions of a 门类. */
export const schemes = {
  list: (categoryId: string) => api.get<{ items: Scheme[] }>(`/api/categories/${categoryId}/schemes`),
  get: (id: string) => api.get<Scheme>(`/api/schemes/${id}`),
  createDraft: (categoryId: string, note: string, body?: SchemeBody) => api.post<Scheme>(`/api/categories/${categoryId}/schemes`, { note, body }),
  /** editVersion: the one the edit started from; someone else's save in between gives 409 stale_version. */
  save: (id: string, body: SchemeBody, note: string | undefined, editVersion: number) => api.put<Scheme>(`/api/schemes/${id}`, { body, note, editVersion }),
  approve: (id: string) => api.post<Scheme>(`/api/schemes/${id}/approve`),
};

/** 目录导入 (server: modules/catalogue-io/io.routes.ts). */
export interface ImportPreview {
  headers: string[];
  rows: string[][];
  suggestedMapping: ImportMapping;
  fromTemplate: boolean;
  keepCodes: boolean;
  fields: { target: string; label: string; required: boolean }[];
  encoding: string;
  detectedEncoding: string;
  warnings: ImportRowIssue[];
}
export interface ValidateBody {
  mapping: ImportMapping;
  encoding?: ImportEncoding;
  keepCodes: boolean;
  allowSuspectText: boolean;
  saveTemplate: boolean;
}
export interface ImportTemplate {
  categoryId: string;
  mapping: ImportMapping;
  keepCodes: boolean;
  updatedBy: string;
  updatedAt: string;
}
export const imports = {
  upload: (categoryId: string, file: File, encoding?: ImportEncoding) => {
    const form = new FormData();
    form.append('categoryId', categoryId); // before the file: the server checks the 门类 before reading the bytes
    if (encoding) form.append('encoding', encoding);
    form.append('file', file, file.name);
    return api.upload<ImportView>('/api/imports', form);
  },
  get: (id: string) => api.get<ImportView>(`/api/imports/${id}`),
  remove: (id: string) => api.delete<Ok>(`/api/imports/${id}`),
  preview: (id: string, encoding?: ImportEncoding) => api.get<ImportPreview>(`/api/imports/${id}/preview`, { encoding }),
  validate: (id: string, body: ValidateBody) => api.post<{ jobId: string; import: ImportView }>(`/api/imports/${id}/validate`, body),
  errors: (id: string, offset: number, limit: number, severity?: 'error' | 'warning') =>
    api.get<Page<ImportRowIssue>>(`/api/imports/${id}/errors`, { offset, limit, severity }),
  commit: (id: string) => api.post<{ jobId: string; import: ImportView }>(`/api/imports/${id}/commit`),
  getTemplate: (categoryId: string) => api.get<ImportTemplate>('/api/import-templates', { categoryId }),
  putTemplate: (categoryId: string, mapping: ImportMapping, keepCodes: boolean) => api.put<ImportTemplate>('/api/import-templates', { categoryId, mapping, keepCodes }),
};
