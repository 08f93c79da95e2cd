import { useState } from 'react';
import { App, Button, Table, type TableColumnsType } from 'antd';
import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { User } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { users } from '../../../lib/endpoints.ts';
import { emptyFondsMeans } from '../../../lib/roles.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { ClearanceTag, FondsScope, RoleTags } from '../../../ui/RoleTags.tsx';
import { UserStatus } from '../users/UserStatus.tsx';
import { GrantModal } from './GrantModal.tsx';

/** 授权管理 (安全保密管理员): roles, clearance (密级) and fonds scope of each account. */
export function GrantsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const list = usePagedList((offset, limit) => users.list(offset, limit));
  const [editing, setEditing] = useState<User | null>(null);

  const columns: TableColumnsType<User> = [
    { title: t.users.username, dataIndex: 'username', key: 'username' },
    { title: t.users.displayName, dataIndex: 'displayName', key: 'displayName' },
    { title: t.grants.roles, key: 'roles', render: (_, u) => <RoleTags roles={u.roles} /> },
    { title: t.grants.clearance, key: 'clearance', render: (_, u) => <ClearanceTag clearance={u.clearance} /> },
    { title: t.grants.fondsScope, key: 'fonds', render: (_, u) => <FondsScope scope={u.fondsScope} emptyMeans={emptyFondsMeans(u.roles)} /> },
    { title: t.users.status, key: 'status', render: (_, u) => <UserStatus user={u} /> },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, u) => (
        <Button type="link" icon={<SafetyCertificateOutlined />} onClick={() => setEditing(u)} data-testid={`grant-edit-${u.username}`}>
          {t.grants.edit}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.grants.title}
        intro={t.grants.intro}
        testId="page-title"
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            {t.common.refresh}
          </Button>
        }
      />
      <ErrorAlert error={list.error} />
      <div data-testid="grants-table">
        <Table<User>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={{ ...list.pagination, showTotal: t.common.total }}
          scroll={{ x: 'max-content' }}
        />
      </div>
      {editing && (
        <GrantModal
          user={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t.grants.saved);
            void list.reload();
          }}
        />
      )}
    </>
  );
}
