import { Card, Descriptions, type DescriptionsProps } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { emptyFondsMeans } from '../../../lib/roles.ts';
import { fmtTime } from '../../../lib/format.ts';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { ClearanceTag, FondsScope, RoleTags } from '../../../ui/RoleTags.tsx';
import { useUser } from '../../session.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** 我的账号: profile (read-only; grants come from the security administrator) and change password. */
export function AccountPage() {
  const { t } = useI18n();
  const user = useUser();
  const items: DescriptionsProps['items'] = [
    { key: 'username', label: t.account.username, children: <span data-testid="account-username">{user.username}</span> },
    { key: 'displayName', label: t.account.displayName, children: user.displayName },
    { key: 'roles', label: t.account.roles, children: <RoleTags roles={user.roles} /> },
    { key: 'clearance', label: t.account.clearance, children: <ClearanceTag clearance={user.clearance} /> },
    { key: 'fonds', label: t.account.fondsScope, children: <FondsScope scope={user.fondsScope} emptyMeans={emptyFondsMeans(user.roles)} /> },
    { key: 'created', label: t.account.createdAt, children: fmtTime(user.createdAt) },
  ];
  return (
    <>
      <PageHeader title={t.nav.account} testId="page-title" />
      <Card title={t.account.profile} style={{ marginBottom: 24 }}>
        <Descriptions column={{ xs: 1, md: 2 }} items={items} />
      </Card>
      <Card title={t.account.changePassword}>
        <ChangePasswordForm />
      </Card>
    </>
  );
}
