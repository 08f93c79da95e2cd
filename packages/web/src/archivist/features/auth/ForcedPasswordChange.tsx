import { Alert, Button, Card, Flex, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { LanguageSwitch } from '../../../ui/LanguageSwitch.tsx';
import { ChangePasswordForm } from '../account/ChangePasswordForm.tsx';
import { useSession, useUser } from '../../session.tsx';

/** Shown instead of the workbench while the account must change its (initial or reset) password. */
export function ForcedPasswordChange() {
  const { t } = useI18n();
  const { logout } = useSession();
  const user = useUser();
  return (
    <Flex className="lantai-login-bg" align="center" justify="center" data-testid="forced-password-page">
      <div style={{ position: 'absolute', top: 16, right: 24, display: 'flex', gap: 8 }}>
        <LanguageSwitch type="default" />
        <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
          {t.nav.logout}
        </Button>
      </div>
      <Card style={{ width: 480, maxWidth: 'calc(100vw - 32px)' }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t.account.mustChangeTitle}
        </Typography.Title>
        <Alert type="warning" showIcon title={`${user.displayName} (${user.username})`} description={t.account.mustChangeText} style={{ marginBottom: 24 }} />
        <ChangePasswordForm />
      </Card>
    </Flex>
  );
}
