import { useState } from 'react';
import { Checkbox, Form, Modal, Radio, Select, Tag } from 'antd';
import { ADMIN_ROLES, type Clearance, type Role, type User } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { users } from '../../../lib/endpoints.ts';
import { CLEARANCES, ROLES } from '../../../lib/roles.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

interface Values {
  roles: Role[];
  clearance: Clearance;
  fondsScope: string[];
}

const isAdmin = (r: Role) => (ADMIN_ROLES as readonly Role[]).includes(r);

/**
 * Edits one account's grant. The server is the judge of 三员分立: two admin roles come back as
 * 409 role_conflict, shown here in the server's words.
 */
export function GrantModal({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: (u: User) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onSaved(await users.grant(user.id, { roles: v.roles, clearance: v.clearance, fondsScope: v.fondsScope.map((f) => f.trim()).filter(Boolean) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t.grants.editTitle(`${user.displayName} (${user.username})`)}
      okText={t.common.save}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      width={560}
      okButtonProps={{ 'data-testid': 'grant-submit' }}
    >
      <ErrorAlert error={error} testId="grant-error" />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ roles: user.roles, clearance: user.clearance, fondsScope: user.fondsScope }}
        onValuesChange={() => setError(null)}
      >
        <Form.Item name="roles" label={t.grants.roles}>
          <Checkbox.Group data-testid="grant-roles">
            {ROLES.map((r) => (
              <Checkbox key={r} value={r} style={{ marginBottom: 4 }}>
                <span data-testid={`grant-role-${r}`}>{t.roles[r]}</span>
                {isAdmin(r) && <Tag style={{ marginInlineStart: 6 }}>{t.grants.adminRole}</Tag>}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="clearance" label={t.grants.clearance} rules={[{ required: true }]}>
          <Radio.Group optionType="button" data-testid="grant-clearance">
            {CLEARANCES.map((c) => (
              <Radio.Button key={c} value={c}>
                <span data-testid={`grant-clearance-${c}`}>{t.clearance[c]}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="fondsScope" label={t.grants.fondsScope} extra={t.grants.fondsHint}>
          <Select mode="tags" placeholder={t.grants.fondsPlaceholder} tokenSeparators={[',', ' ', '，']} open={false} suffixIcon={null} data-testid="grant-fonds" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
