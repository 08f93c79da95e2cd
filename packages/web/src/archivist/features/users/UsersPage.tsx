import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { User } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { users } from '../../../lib/endpoints.ts';
import { fmtTime } from '../../../lib/format.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { ClearanceTag, RoleTags } from '../../../ui/RoleTags.tsx';
import { useUser } from '../../session.tsx';
import { CreateUserModal } from './CreateUserModal.tsx';
import { UserStatus } from './UserStatus.tsx';

/** 用户管理 (系统管理员): list, create, disable/enable, unlock. Granting roles is the 安全保密管理员's page. */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useUser();
  const list = usePagedList((offset, limit) => users.list(offset, limit));
  const [creating, setCreating] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);

  async function act(u: User, run: () => Promise<User>, done: string) {
    setBusyId(u.id);
    try {
      await run();
      void message.success(done);
      await list.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusyId(null);
    }
  }

  const columns: TableColumnsType<User> = [
    { title: t.users.username, dataIndex: 'username', key: 'username' },
    { title: t.users.displayName, dataIndex: 'displayName', key: 'displayName' },
    { title: t.users.roles, key: 'roles', render: (_, u) => <RoleTags roles={u.roles} /> },
    { title: t.users.clearance, key: 'clearance', render: (_, u) => <ClearanceTag clearance={u.clearance} /> },
    { title: t.users.status, key: 'status', render: (_, u) => <UserStatus user={u} /> },
    { title: t.users.createdAt, key: 'createdAt', render: (_, u) => fmtTime(u.createdAt) },
    {
      title: t.common.actions,
      key: 'actions',
      render: (_, u) => (
        <Space size={0}>
          {u.disabled ? (
            <Button type="link" loading={busyId === u.id} onClick={() => void act(u, () => users.update(u.id, { disabled: false }), t.users.updated)} data-testid={`user-enable-${u.username}`}>
              {t.users.enable}
            </Button>
          ) : (
            <Popconfirm
              title={t.users.confirmDisable(u.username)}
              okText={t.common.ok}
              cancelText={t.common.cancel}
              onConfirm={() => act(u, () => users.update(u.id, { disabled: true }), t.users.updated)}
              disabled={u.id === me.id}
            >
              <Button type="link" danger disabled={u.id === me.id} loading={busyId === u.id} data-testid={`user-disable-${u.username}`}>
                {t.users.disable}
              </Button>
            </Popconfirm>
          )}
          {u.lockedUntil && (
            <Button type="link" onClick={() => void act(u, () => users.unlock(u.id), t.users.unlocked)} data-testid={`user-unlock-${u.username}`}>
              {t.users.unlock}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.users.title}
        testId="page-title"
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
              {t.common.refresh}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {t.users.create}
            </Button>
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <div data-testid="users-table">
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={{ ...list.pagination, showTotal: t.common.total }}
        scroll={{ x: 'max-content' }}
      />
      </div>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void message.success(t.users.created);
          void list.reload();
        }}
      />
    </>
  );
}
