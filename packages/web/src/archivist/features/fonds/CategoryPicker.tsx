import { useEffect, useState } from 'react';
import { Select, Space } from 'antd';
import type { Category, Fonds } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { categories, fonds as fondsApi } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';

export interface CategoryContext {
  category: Category;
  fonds: Fonds;
}

/** The 门类 named by `categoryId` and its 全宗, loaded together (null when none is chosen). */
export function useCategoryContext(categoryId: string | null) {
  return useAsync<CategoryContext | null>(async () => {
    if (!categoryId) return null;
    const category = await categories.get(categoryId);
    return { category, fonds: await fondsApi.get(category.fondsId) };
  }, [categoryId]);
}

/** 全宗 → 门类 selects; the chosen 门类 id goes to `onChange` (the page keeps it in the URL). */
export function CategoryPicker({ categoryId, fondsId, onChange }: { categoryId: string | null; fondsId?: string; onChange: (categoryId: string | null) => void }) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<string | undefined>(fondsId);
  useEffect(() => {
    if (fondsId) setPicked(fondsId);
  }, [fondsId]);
  const all = useAsync(() => fondsApi.list(), []);
  const cats = useAsync(() => (picked ? fondsApi.categories(picked) : Promise.resolve({ items: [] as Category[] })), [picked]);
  return (
    <Space wrap>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 280 }}
        placeholder={t.fonds.pickFonds}
        loading={all.loading}
        value={picked}
        onChange={(v: string) => {
          setPicked(v);
          onChange(null);
        }}
        options={(all.data?.items ?? []).map((f) => ({ value: f.id, label: `${f.code} ${f.name}` }))}
        data-testid="pick-fonds"
      />
      <Select
        style={{ width: 220 }}
        placeholder={t.fonds.pickCategory}
        loading={cats.loading}
        disabled={!picked}
        value={categoryId ?? undefined}
        onChange={(v: string) => onChange(v)}
        notFoundContent={t.fonds.noCategories}
        options={(cats.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
        data-testid="pick-category"
      />
    </Space>
  );
}
