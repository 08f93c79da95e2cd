import { useState } from 'react';
import { Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { LanguageSwitch } from '../../../ui/LanguageSwitch.tsx';
import { useSession } from '../../session.tsx';

interface Values {
  username: string;
  password: string;
}

/** Sign-in form; shows the server's own message (用户名或密码错误, 账号已临时锁定 …). */
export function LoginPage() {
  const { t } = useI18n();
  const { login, notice } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Flex className="lantai-login-bg" align="center" justify="center" vertical data-testid="login-page">
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch type="default" />
      </div>
      <Card style={{ width: 380, maxWidth: 'calc(100vw - 32px)' }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span className="lantai-brand-mark" style={{ width: 48, height: 48, fontSize: 26 }}>
            兰
          </span>
          <Typography.Title level={3} style={{ margin: '12px 0 0' }}>
            {t.app.title}
          </Typography.Title>
          <Typography.Text type="secondary">{t.login.title}</Typography.Text>
        </Flex>
        {error ? <ErrorAlert error={error} testId="login-error" /> : notice ? <ErrorAlert error={new Error(notice)} testId="login-notice" /> : null}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item name="username" label={t.login.username} rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t.login.password} rules={[{ required: true, message: t.login.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {t.login.submit}
          </Button>
        </Form>
      </Card>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', marginTop: 24 }}>{t.app.subtitle}</Typography.Text>
    </Flex>
  );
}
