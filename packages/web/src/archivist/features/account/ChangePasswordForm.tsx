import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { auth } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useSession } from '../../session.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Current + new + confirm. The server judges strength (weak_password) and the current password (wrong_password). */
export function ChangePasswordForm() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { refresh } = useSession();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(v: Values) {
    setBusy(true);
    setError(null);
    try {
      await auth.changePassword(v.currentPassword, v.newPassword);
      form.resetFields();
      void message.success(t.account.changed);
      await refresh(); // mustChangePassword is now false
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, message: t.account.required };
  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }} data-testid="password-form">
      <ErrorAlert error={error} testId="password-error" />
      <Form.Item name="currentPassword" label={t.account.currentPassword} rules={[required]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item name="newPassword" label={t.account.newPassword} rules={[required]} extra={t.account.passwordHint}>
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t.account.confirmPassword}
        dependencies={['newPassword']}
        rules={[
          required,
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t.account.mismatch)),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
        {t.account.changePassword}
      </Button>
    </Form>
  );
}
