import type { Role, TokenScope } from '@lantai/api';

export type Allow = 'public' | 'signed-in' | readonly Role[];
/** One route's row of the authorisation matrix (see ../authz-matrix.test.ts). */
export interface Entry {
  allow: Allow;
  /** A valid body (and query, headers), so an allowed caller gets past validation to the handler. */
  body?: () => unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** What an allowed caller gets, when not the default (404 where the path has an :id, else any 2xx–4xx but 401/403/404). */
  allowedStatus?: number;
  /** The API-token scope the route accepts (tokens are refused on every route without one). */
  tokenScope?: TokenScope;
}
export type Matrix = Record<string, Entry>;
export const CAT = ['archivist', 'records_officer'] as const;
let n = 0;
/** A counter for unique names in request bodies. */
export const next = () => ++n;
