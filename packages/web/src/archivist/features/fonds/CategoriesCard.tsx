import { useState } from 'react';
import { App, Button, Card, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { Category, Fonds } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fonds as fondsApi } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { CategoryCreateModal } from './CategoryCreateModal.tsx';
import { ExtraFieldsModal } from './ExtraFieldsModal.tsx';

/** The 门类 of a fonds, with links to each one's 分类方案 and import, and (archivist) 新建门类 and its 扩展字段. */
export function CategoriesCard({ fonds, canManage }: { fonds: Fonds; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = useAsync(() => fondsApi.categories(fonds.id), [fonds.id]);
  const [creating, setCreating] = useState(false);
  const [fieldsOf, setFieldsOf] = useState<Category | null>(null);

  const columns: TableColumnsType<Category> = [
    { title: t.fonds.catCode, key: 'code', render: (_, c) => <code>{c.code}</code> },
    { title: t.fonds.catName, dataIndex: 'name', key: 'name' },
    { title: t.fonds.mode, key: 'mode', render: (_, c) => t.fonds.modes[c.mode] },
    {
      title: t.fonds.extraFields, key: 'extra',
      render: (_, c) => (c.extraFields.length ? c.extraFields.map((x) => <Tag key={x.key}>{x.label}</Tag>) : <span style={{ opacity: 0.5 }}>{t.fonds.noFields}</span>),
    },
    {
      title: t.fonds.currentScheme, key: 'scheme',
      render: (_, c) => (c.currentSchemeId ? <Tag color="green">{t.scheme.statuses.approved}</Tag> : <Tag color="orange">{t.fonds.noScheme}</Tag>),
    },
    {
      title: t.common.actions, key: 'actions',
      render: (_, c) => (
        <Space size={0} wrap>
          <Link to={`/schemes?category=${c.id}`} data-testid={`category-scheme-${c.code}`}>
            <Button type="link">{t.fonds.scheme}</Button>
          </Link>
          {canManage && (
            <Button type="link" onClick={() => setFieldsOf(c)} data-testid={`category-fields-${c.code}`}>
              {t.fonds.extraFields}
            </Button>
          )}
          <Link to={`/import?category=${c.id}`} data-testid={`category-import-${c.code}`}>
            <Button type="link">{t.fonds.importLink}</Button>
          </Link>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t.fonds.categories}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="category-create">
            {t.fonds.newCategory}
          </Button>
        )
      }
    >
      <ErrorAlert error={list.error} />
      <div data-testid="categories-table">
        <Table<Category>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={false}
          locale={{ emptyText: t.fonds.noCategories }}
          scroll={{ x: 'max-content' }}
        />
      </div>
      <CategoryCreateModal
        open={creating}
        fondsId={fonds.id}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void message.success(t.fonds.categoryCreated);
          void list.reload();
        }}
      />
      <ExtraFieldsModal
        category={fieldsOf}
        onClose={() => setFieldsOf(null)}
        onSaved={() => {
          setFieldsOf(null);
          void message.success(t.fonds.fieldsSaved);
          void list.reload();
        }}
      />
    </Card>
  );
}
