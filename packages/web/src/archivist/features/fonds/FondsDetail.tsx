import { useState } from 'react';
import { App, Button, Card, Descriptions, Skeleton, type DescriptionsProps } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/index.tsx';
import { fonds as fondsApi } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { CategoriesCard } from './CategoriesCard.tsx';
import { FondsFormModal } from './FondsFormModal.tsx';
import { yearsOf } from './FondsPage.tsx';

const longText = (s: string) => (s ? <div style={{ whiteSpace: 'pre-wrap' }}>{s}</div> : '—');

/** One 全宗: its description (全宗介绍, 组织沿革) and its 门类. */
export function FondsDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canManage = useUser().roles.includes('archivist');
  const f = useAsync(() => fondsApi.get(id), [id]);
  const [editing, setEditing] = useState(false);
  const data = f.data;

  const items: DescriptionsProps['items'] = data
    ? [
        { key: 'code', label: t.fonds.code, children: <code data-testid="fonds-detail-code">{data.code}</code> },
        { key: 'name', label: t.fonds.name, children: data.name },
        { key: 'agency', label: t.fonds.agency, children: data.agency },
        { key: 'years', label: t.fonds.years, children: yearsOf(data) },
        { key: 'recordCount', label: t.fonds.recordCount, children: <span data-testid="fonds-detail-count">{(data.recordCount ?? 0).toLocaleString()}</span> },
        { key: 'description', label: t.fonds.description, span: 'filled', children: longText(data.description) },
        { key: 'history', label: t.fonds.history, span: 'filled', children: longText(data.history) },
      ]
    : [];

  return (
    <>
      <PageHeader
        title={data ? `${data.code} ${data.name}` : t.fonds.title}
        testId="page-title"
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/fonds')} data-testid="fonds-back">
              {t.fonds.back}
            </Button>
            {canManage && data && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="fonds-detail-edit">
                {t.fonds.edit}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={f.error} />
      <Card style={{ marginBottom: 16 }}>
        {data ? <Descriptions column={{ xs: 1, md: 2, xl: 4 }} size="small" items={items} data-testid="fonds-detail" /> : <Skeleton active />}
      </Card>
      {data && <CategoriesCard fonds={data} canManage={canManage} />}
      <FondsFormModal
        open={editing}
        fonds={data ?? null}
        onClose={() => setEditing(false)}
        onSaved={() => {
          void message.success(t.fonds.saved);
          setEditing(false);
          void f.reload();
        }}
      />
    </>
  );
}
