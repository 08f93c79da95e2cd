import { useState } from 'react';
import { Alert, App, Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import type { Fonds } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fonds as fondsApi } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { FondsDetail } from './FondsDetail.tsx';
import { FondsFormModal } from './FondsFormModal.tsx';

export const yearsOf = (f: Pick<Fonds, 'startYear' | 'endYear'>) =>
  f.startYear || f.endYear ? `${f.startYear ?? '…'}–${f.endYear ?? '…'}` : '—';

/** 全宗管理: the fonds list with record counts; `?id=` opens one fonds with its 门类. Changes are the 档案管理员's. */
export function FondsPage() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <FondsDetail key={id} id={id} /> : <FondsList />;
}

function FondsList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const canManage = useUser().roles.includes('archivist');
  const list = useAsync(() => fondsApi.list(), []);
  const [editing, setEditing] = useState<Fonds | 'new' | null>(null);

  const columns: TableColumnsType<Fonds> = [
    {
      title: t.fonds.code, key: 'code', width: 100,
      render: (_, f) => <Link to={`/fonds?id=${f.id}`} data-testid={`fonds-open-${f.code}`}><code>{f.code}</code></Link>,
    },
    { title: t.fonds.name, key: 'name', render: (_, f) => <>{f.name} {f.archived && <Tag>{t.fonds.archived}</Tag>}</> },
    { title: t.fonds.agency, dataIndex: 'agency', key: 'agency' },
    { title: t.fonds.years, key: 'years', render: (_, f) => yearsOf(f) },
    {
      title: t.fonds.recordCount, key: 'recordCount', align: 'right',
      render: (_, f) => <span data-testid={`fonds-count-${f.code}`}>{(f.recordCount ?? 0).toLocaleString()}</span>,
    },
    {
      title: t.common.actions, key: 'actions',
      render: (_, f) => (
        <Space size={0}>
          <Link to={`/fonds?id=${f.id}`}><Button type="link">{t.fonds.detail}</Button></Link>
          {canManage && (
            <Button type="link" onClick={() => setEditing(f)} data-testid={`fonds-edit-${f.code}`}>
              {t.fonds.edit}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.fonds.title}
        testId="page-title"
        intro={t.fonds.intro}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>{t.common.refresh}</Button>
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="fonds-create">
                {t.fonds.create}
              </Button>
            )}
          </>
        }
      />
      {!canManage && <Alert type="info" showIcon title={t.fonds.readOnly} style={{ marginBottom: 16 }} data-testid="fonds-readonly" />}
      <ErrorAlert error={list.error} />
      <div data-testid="fonds-table">
        <Table<Fonds>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: t.common.total }}
          locale={{ emptyText: t.fonds.empty }}
          scroll={{ x: 'max-content' }}
        />
      </div>
      <FondsFormModal
        open={editing !== null}
        fonds={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          void message.success(editing === 'new' ? t.fonds.created : t.fonds.saved);
          setEditing(null);
          void list.reload();
        }}
      />
    </>
  );
}
