import { Card, Empty } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { Scheme } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { schemes } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { CategoryPicker, useCategoryContext } from '../fonds/CategoryPicker.tsx';
import { SchemeEditor } from './SchemeEditor.tsx';
import { SchemeVersions } from './SchemeVersions.tsx';

/** The version to open when none is named: the draft being worked on, else the one in force, else the newest. */
const preferred = (items: readonly Scheme[]) =>
  items.find((s) => s.status === 'draft') ?? items.find((s) => s.status === 'approved') ?? items[0];

/** 分类方案 of one 门类 (`?category=`): its versions, and the chosen one (`&scheme=`) to view or, as a draft, edit and approve. */
export function SchemesPage() {
  const { t } = useI18n();
  const canManage = useUser().roles.includes('archivist');
  const [params, setParams] = useSearchParams();
  const categoryId = params.get('category');
  const ctx = useCategoryContext(categoryId);
  const list = useAsync(() => (categoryId ? schemes.list(categoryId) : Promise.resolve({ items: [] as Scheme[] })), [categoryId]);
  const items = list.data?.items ?? [];
  const selected = items.find((s) => s.id === params.get('scheme')) ?? preferred(items);

  const select = (categoryId: string | null, schemeId?: string) => {
    const next = new URLSearchParams();
    if (categoryId) next.set('category', categoryId);
    if (schemeId) next.set('scheme', schemeId);
    setParams(next);
  };
  const reloadAll = async () => {
    await Promise.all([list.reload(), ctx.reload()]);
  };

  return (
    <>
      <PageHeader title={t.scheme.title} testId="page-title" intro={t.scheme.intro} />
      <Card style={{ marginBottom: 16 }} size="small">
        <CategoryPicker categoryId={categoryId} fondsId={ctx.data?.fonds.id} onChange={(id) => select(id)} />
      </Card>
      <ErrorAlert error={ctx.error ?? list.error} />
      {!categoryId ? (
        <Card><Empty description={t.scheme.pickHint} /></Card>
      ) : (
        <>
          {ctx.data && (
            <SchemeVersions
              items={items}
              loading={list.loading}
              selectedId={selected?.id}
              category={ctx.data.category}
              canManage={canManage}
              onSelect={(id) => select(categoryId, id)}
              onCreated={(s) => {
                select(categoryId, s.id);
                void list.reload();
              }}
            />
          )}
          {selected && ctx.data && (
            <SchemeEditor
              key={`${selected.id}:${selected.status}`}
              scheme={selected}
              ctx={ctx.data}
              canEdit={canManage && selected.status === 'draft'}
              viewer={!canManage}
              onChanged={reloadAll}
            />
          )}
        </>
      )}
    </>
  );
}
