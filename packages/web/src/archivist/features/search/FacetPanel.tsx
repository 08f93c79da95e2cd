import { Button, Card, Checkbox, Flex, Typography } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { FACETS, type SearchFacetName, type SearchResponse } from './search.api.ts';

type Sel = Partial<Record<SearchFacetName, string[]>>;

/** One card per facet with its values and counts; ticking values narrows the search. */
export function FacetPanel({ facets, exact, sel, onChange }: { facets: SearchResponse['facets'] | undefined; exact: boolean; sel: Sel; onChange: (s: Sel) => void }) {
  const { t } = useI18n();
  const s = t.search;
  const label = (f: SearchFacetName, v: string): string => {
    if (f === 'retention') return (t.catalogue.retention as Record<string, string>)[v] ?? v;
    if (f === 'openStatus') return (t.catalogue.openStatus as Record<string, string>)[v] ?? v;
    if (f === 'security') return (t.clearance as Record<string, string>)[v] ?? v;
    if (f === 'fileFormat') return v === 'none' ? s.noFile : v.toUpperCase();
    return v;
  };
  const any = Object.values(sel).some((v) => v?.length);
  return (
    <Flex vertical gap={8} data-testid="search-facets">
      {any && <Button size="small" onClick={() => onChange({})}>{s.clearFilters}</Button>}
      {FACETS.map((f) => {
        const buckets = [...(facets?.[f] ?? [])];
        if (f === 'year') buckets.sort((a, b) => Number(b.value) - Number(a.value));
        if (!buckets.length && !sel[f]?.length) return null;
        return (
          <Card key={f} size="small" title={s.facets[f]} styles={{ body: { maxHeight: 220, overflowY: 'auto', padding: '6px 12px' } }}>
            <Checkbox.Group value={sel[f] ?? []} onChange={(v) => onChange({ ...sel, [f]: v as string[] })} style={{ display: 'flex', flexDirection: 'column' }}>
              {buckets.map((b) => (
                <Checkbox key={b.value} value={b.value}>
                  {label(f, b.value)} <Typography.Text type="secondary">{exact ? b.count : `≈${b.count}`}</Typography.Text>
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Card>
        );
      })}
    </Flex>
  );
}
