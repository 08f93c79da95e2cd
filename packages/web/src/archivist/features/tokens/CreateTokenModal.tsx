import { useState } from 'react';
import { Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { ApiToken, TokenScope } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { tokens } from '../../../lib/endpoints.ts';
import { TOKEN_SCOPES } from '../../../lib/roles.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

interface Values {
  name: string;
  scopes: TokenScope[];
  fondsScope?: string[];
  expiresInDays?: number | null;
}

type Created = { token: ApiToken; secret: string };

export function CreateTokenModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (c: Created) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const c = await tokens.create({
        name: v.name.trim(),
        scopes: v.scopes,
        fondsScope: (v.fondsScope ?? []).map((f) => f.trim()).filter(Boolean),
        ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}),
      });
      form.resetFields();
      onCreated(c);
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
      title={t.tokens.create}
      okText={t.common.create}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'token-create-submit' }}
    >
      <ErrorAlert error={error} testId="token-create-error" />
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ scopes: ['catalogue:read'] }}>
        <Form.Item name="name" label={t.tokens.name} rules={[required, { whitespace: true, message: t.account.required }]}>
          <Input maxLength={100} autoComplete="off" data-testid="token-create-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t.tokens.scopes} rules={[{ required: true, type: 'array', min: 1, message: t.account.required }]}>
          <Checkbox.Group options={TOKEN_SCOPES.map((s) => ({ value: s, label: t.tokens.scopeLabels[s] }))} />
        </Form.Item>
        <Form.Item name="fondsScope" label={t.tokens.fondsScope} extra={t.tokens.fondsHint}>
          <Select mode="tags" open={false} suffixIcon={null} placeholder={t.grants.fondsPlaceholder} tokenSeparators={[',', ' ', '，']} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t.tokens.expiresInDays} extra={t.tokens.expiresHint}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
