import { useState } from 'react';
import { App, Button, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ApiToken } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { tokens } from '../../../lib/endpoints.ts';
import { fmtTime } from '../../../lib/format.ts';
import { emptyFondsMeans } from '../../../lib/roles.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { FondsScope } from '../../../ui/RoleTags.tsx';
import { useUser } from '../../session.tsx';
import { CreateTokenModal } from './CreateTokenModal.tsx';
import { SecretModal } from './SecretModal.tsx';

/** API 令牌 (档案管理员, 立档单位档案员): list, create (secret shown once), revoke. */
export function TokensPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useUser();
  const list = useAsync(() => tokens.list(), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: ApiToken; secret: string } | null>(null);

  async function revoke(tk: ApiToken) {
    try {
      await tokens.revoke(tk.id);
      void message.success(t.tokens.revokedOk);
      await list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  const status = (tk: ApiToken) => {
    if (tk.revokedAt) return <Tag>{t.tokens.revoked}</Tag>;
    if (tk.expiresAt && new Date(tk.expiresAt) < new Date()) return <Tag color="warning">{t.tokens.expired}</Tag>;
    return <Tag color="success">{t.tokens.active}</Tag>;
  };

  const columns: TableColumnsType<ApiToken> = [
    { title: t.tokens.name, dataIndex: 'name', key: 'name' },
    { title: t.tokens.prefix, key: 'prefix', render: (_, tk) => <code>{tk.prefix}…</code> },
    { title: t.tokens.scopes, key: 'scopes', render: (_, tk) => tk.scopes.map((s) => <Tag key={s}>{t.tokens.scopeLabels[s]}</Tag>) },
    { title: t.tokens.fondsScope, key: 'fonds', render: (_, tk) => <FondsScope scope={tk.fondsScope} emptyMeans={emptyFondsMeans(me.roles) === 'all' ? 'all' : 'none'} /> },
    { title: t.tokens.status, key: 'status', render: (_, tk) => status(tk) },
    { title: t.tokens.createdAt, key: 'createdAt', render: (_, tk) => fmtTime(tk.createdAt) },
    { title: t.tokens.expiresAt, key: 'expiresAt', render: (_, tk) => (tk.expiresAt ? fmtTime(tk.expiresAt) : t.tokens.never) },
    { title: t.tokens.lastUsedAt, key: 'lastUsedAt', render: (_, tk) => fmtTime(tk.lastUsedAt) },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, tk) =>
        tk.revokedAt ? null : (
          <Popconfirm title={t.tokens.confirmRevoke(tk.name)} okText={t.common.ok} cancelText={t.common.cancel} onConfirm={() => revoke(tk)}>
            <Button type="link" danger data-testid={`token-revoke-${tk.name}`}>
              {t.tokens.revoke}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.tokens.title}
        intro={t.tokens.intro}
        testId="page-title"
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
              {t.common.refresh}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
              {t.tokens.create}
            </Button>
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <div data-testid="tokens-table">
        <Table<ApiToken> rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} pagination={false} scroll={{ x: 'max-content' }} />
      </div>
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setCreated(c);
          void list.reload();
        }}
      />
      {created && <SecretModal name={created.token.name} secret={created.secret} onClose={() => setCreated(null)} />}
    </>
  );
}
