import { Tag } from 'antd';
import type { User } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';

/** 正常 / 已停用 / 已锁定 / 待改密 tags for one account. */
export function UserStatus({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <span data-testid={`user-status-${user.username}`}>
      {user.disabled ? <Tag color="default">{t.users.disabled}</Tag> : <Tag color="success">{t.users.active}</Tag>}
      {user.lockedUntil && <Tag color="error">{t.users.locked}</Tag>}
      {user.mustChangePassword && <Tag color="warning">{t.users.mustChange}</Tag>}
    </span>
  );
}
