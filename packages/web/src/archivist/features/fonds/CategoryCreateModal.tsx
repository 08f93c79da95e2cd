import { useState } from 'react';
import { Alert, Col, Form, Input, Modal, Radio, Row } from 'antd';
import type { Category } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fonds as fondsApi, type CategoryInput } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

type Template = CategoryInput['template'];
interface Values {
  template: Template;
  code?: string;
  name?: string;
  mode?: 'item' | 'volume';
}

const CATEGORY_CODE = /^[A-Z]{2}(·[0-9A-Z]{1,4})?$/;
const TEMPLATES: readonly Template[] = ['WS', 'KJ', 'custom'];

/** 新建门类 from a built-in template (文书 WS 按件, 会计 KJ 按卷: their scheme is in force at once) or custom. */
export function CategoryCreateModal({ open, fondsId, onClose, onCreated }: { open: boolean; fondsId: string; onClose: () => void; onCreated: (c: Category) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const template = Form.useWatch('template', form) ?? 'WS';
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: CategoryInput = v.template === 'custom' ? { template: 'custom', code: v.code, name: v.name?.trim(), mode: v.mode } : { template: v.template };
      onCreated(await fondsApi.createCategory(fondsId, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const required = { required: true, whitespace: true, message: t.fonds.required };
  return (
    <Modal
      open={open}
      width={640}
      title={t.fonds.newCategory}
      okText={t.common.create}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'category-submit' }}
    >
      <ErrorAlert error={error} testId="category-error" />
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ template: 'WS', mode: 'item' }}>
        <Form.Item name="template" label={t.fonds.template}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={TEMPLATES.map((x) => ({ value: x, label: <span data-testid={`category-template-${x}`}>{t.fonds.templates[x]}</span> }))}
          />
        </Form.Item>
        <Alert type="info" showIcon title={t.fonds.templateHints[template]} style={{ marginBottom: 16 }} data-testid="category-template-hint" />
        {template === 'custom' && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="code" label={t.fonds.catCode} rules={[required, { pattern: CATEGORY_CODE, message: t.fonds.catCodeRule }]} extra={t.fonds.catCodeRule}>
                <Input maxLength={7} autoComplete="off" data-testid="category-code" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="name" label={t.fonds.catName} rules={[required]}>
                <Input maxLength={100} data-testid="category-name" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="mode" label={t.fonds.mode}>
                <Radio.Group options={(['item', 'volume'] as const).map((m) => ({ value: m, label: t.fonds.modes[m] }))} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}
