import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import type { User } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { users } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

interface Values {
  username: string;
  displayName: string;
  password: string;
}

const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/;

/** 新建用户: user name, name and an initial password the user must change at first sign-in. */
export function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (u: User) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const u = await users.create({ username: v.username.trim(), displayName: v.displayName.trim(), password: v.password });
      form.resetFields();
      onCreated(u);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, message: t.account.required };
  return (
    <Modal
      open={open}
      title={t.users.create}
      okText={t.common.create}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'user-create-submit' }}
    >
      <Alert type="info" showIcon title={t.users.createHint} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error} testId="user-create-error" />
      <Form<Values> form={form} layout="vertical" preserve={false} data-testid="user-create-form">
        <Form.Item name="username" label={t.users.username} rules={[required, { pattern: USERNAME, message: t.users.usernameRule }]}>
          <Input autoComplete="off" data-testid="user-create-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t.users.displayName} rules={[required, { whitespace: true, message: t.account.required }]}>
          <Input autoComplete="off" data-testid="user-create-displayname" />
        </Form.Item>
        <Form.Item name="password" label={t.users.password} rules={[required]} extra={t.account.passwordHint}>
          <Input.Password autoComplete="new-password" data-testid="user-create-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
