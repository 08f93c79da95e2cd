import type { ApiToken, AuditRow, AuditVerifyResult, Clearance, Job, Role, Session, TokenScope, User } from '@lantai/api';
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
