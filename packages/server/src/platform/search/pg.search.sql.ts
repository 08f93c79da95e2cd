import { sql, type RawBuilder } from 'kysely';
import type { FacetName, SearchFilters, SearchScope } from './search.port.ts';

/** Permission conditions, always part of the WHERE of every statement that reads search_docs. */
export function scopeSql(scope: SearchScope): RawBuilder<unknown> {
  if (scope.kind === 'public') {
    const open = sql`s.open_status = 'open' and s.security = 'public' and s.status = 'archived'`;
    return scope.publishedOnly ? sql`${open} and exists (select 1 from portal_records p where p.record_id = s.record_id)` : open;
  }
  const sec = sql`s.security = any(${scope.securities}::text[])`;
  if (scope.fondsCodes === null) return sec;
  return sql`${sec} and s.fonds_code = any(${scope.fondsCodes}::text[])`;
}

export function filtersSql(f: SearchFilters = {}): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  const anyOf = (col: string, v?: string[]) => { if (v?.length) parts.push(sql`${sql.ref(`s.${col}`)} = any(${v}::text[])`); };
  anyOf('fonds_code', f.fondsCodes);
  anyOf('category_code', f.categoryCodes);
  anyOf('retention', f.retention);
  anyOf('security', f.security);
  anyOf('open_status', f.openStatus);
  anyOf('status', f.status);
  if (f.yearFrom !== undefined) parts.push(sql`s.year >= ${f.yearFrom}`);
  if (f.yearTo !== undefined) parts.push(sql`s.year <= ${f.yearTo}`);
  if (f.fileFormat?.length) {
    const formats = f.fileFormat.filter((x) => x !== 'none');
    const none = f.fileFormat.includes('none');
    parts.push(none ? sql`(s.file_formats && ${formats}::text[] or s.file_formats = '{}')` : sql`s.file_formats && ${formats}::text[]`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export const FACET_COLUMNS: Record<Exclude<FacetName, 'fileFormat'>, string> = {
  fonds: 'fonds_code', category: 'category_code', year: 'year', retention: 'retention', security: 'security', openStatus: 'open_status',
};

/** One GROUPING SETS aggregate over the match set `m` for the scalar facets, plus file formats by unnest. */
export function facetSql(facets: FacetName[]): RawBuilder<unknown> {
  const scalar = facets.filter((f): f is keyof typeof FACET_COLUMNS => f in FACET_COLUMNS);
  const sets = scalar.map((f) => sql`(${sql.ref(FACET_COLUMNS[f])})`);
  const cols = scalar.map((f) => sql`${sql.ref(FACET_COLUMNS[f])}::text as ${sql.ref(f)}`);
  const gflags = scalar.map((f) => sql`grouping(${sql.ref(FACET_COLUMNS[f])}) as ${sql.ref(`g_${f}`)}`);
  const scalarPart = scalar.length
    ? sql`(select json_agg(y) from (select ${sql.join([...cols, ...gflags])}, count(*)::int n from m group by grouping sets (${sql.join(sets)})) y)`
    : sql`null`;
  const formatPart = facets.includes('fileFormat')
    ? sql`(select json_agg(z) from (select coalesce(ff, 'none') v, count(*)::int n from m left join lateral unnest(m.file_formats) ff on true group by 1) z)`
    : sql`null`;
  return sql`${scalarPart} as facets, ${formatPart} as formats`;
}
