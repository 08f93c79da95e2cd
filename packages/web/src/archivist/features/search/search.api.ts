import type { SearchRequest, SearchResponse, SearchStatus, SearchFacetName } from '@lantai/api';
import { api } from '../../../lib/api.ts';

export type { SearchResponse, SearchStatus, SearchFacetName };
export type SearchHit = SearchResponse['hits'][number];
export type Filters = NonNullable<SearchRequest['filters']>;

/** Server: modules/search/search.routes.ts. */
export const searchApi = {
  query: (body: SearchRequest) => api.post<SearchResponse>('/api/search', body),
  status: () => api.get<SearchStatus>('/api/search/status'),
  reindex: () => api.post<{ jobId: string }>('/api/search/reindex'),
};

export const FACETS: SearchFacetName[] = ['fonds', 'category', 'year', 'retention', 'security', 'openStatus', 'fileFormat'];

/** A facet selection as the request's filters (year buckets become a from/to range). */
export function toFilters(sel: Partial<Record<SearchFacetName, string[]>>): Filters {
  const f: Filters = {};
  if (sel.fonds?.length) f.fondsCodes = sel.fonds;
  if (sel.category?.length) f.categoryCodes = sel.category;
  if (sel.retention?.length) f.retention = sel.retention as Filters['retention'];
  if (sel.security?.length) f.security = sel.security as Filters['security'];
  if (sel.openStatus?.length) f.openStatus = sel.openStatus as Filters['openStatus'];
  if (sel.fileFormat?.length) f.fileFormat = sel.fileFormat;
  if (sel.year?.length) {
    const ys = sel.year.map(Number);
    f.yearFrom = Math.min(...ys);
    f.yearTo = Math.max(...ys);
  }
  return f;
}
