import { useState } from 'react';
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Category, ExtraField } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { categories } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

/** A row as the form holds it; type and required may be unset until their fields mount. */
type Row = { key: string; label: string; type?: ExtraField['type']; required?: boolean; options?: string[] };
const KEY = /^[a-z][a-zA-Z0-9_]{0,39}$/;
const TYPES: readonly ExtraField['type'][] = ['text', 'number', 'date', 'enum'];
const COLS = '160px 160px 110px 60px 1fr 32px';

/** 门类扩展字段: key, label, type, required, options (enum); saved whole with the 门类's version (409 if stale). */
export function ExtraFieldsModal({ category, onClose, onSaved }: { category: Category | null; onClose: () => void; onSaved: (c: Category) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ fields: Row[] }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!category) return;
    const { fields = [] } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const extraFields: ExtraField[] = fields.map((f) => ({
        key: f.key.trim(), label: f.label.trim(), type: f.type ?? 'text', required: !!f.required, ...(f.type === 'enum' ? { options: f.options ?? [] } : {}),
      }));
      onSaved(await categories.setFields(category.id, extraFields, category.version));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const head = [t.fonds.fieldKey, t.fonds.fieldLabel, t.fonds.fieldType, t.fonds.fieldRequired, t.fonds.fieldOptions, ''];
  return (
    <Modal
      open={!!category}
      width={860}
      title={category ? t.fonds.fieldsTitle(`${category.code} ${category.name}`) : ''}
      okText={t.common.save}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'fields-submit' }}
    >
      <Alert type="info" showIcon title={t.fonds.fieldsHint} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error} testId="fields-error" />
      <Form form={form} initialValues={{ fields: category?.extraFields ?? [] }} data-testid="fields-form">
        <div style={{ display: 'grid', gridTemplateColumns: COLS, gap: 8, marginBottom: 4 }}>
          {head.map((h, i) => <Typography.Text key={i} type="secondary">{h}</Typography.Text>)}
        </div>
        <Form.List name="fields">
          {(rows, { add, remove }) => (
            <>
              {rows.map(({ key, name }) => (
                <div key={key} style={{ display: 'grid', gridTemplateColumns: COLS, gap: 8 }} data-testid={`field-row-${name}`}>
                  <Form.Item name={[name, 'key']} rules={[{ required: true, pattern: KEY, message: t.fonds.fieldKeyRule }, ({ getFieldValue }) => ({
                    validator: (_, v: string) =>
                      (getFieldValue('fields') as Row[]).filter((r) => r?.key === v).length > 1 ? Promise.reject(new Error(t.fonds.dupKey)) : Promise.resolve(),
                  })]}>
                    <Input placeholder="projectNo" autoComplete="off" data-testid={`field-key-${name}`} />
                  </Form.Item>
                  <Form.Item name={[name, 'label']} rules={[{ required: true, whitespace: true, message: t.fonds.required }]}>
                    <Input maxLength={50} data-testid={`field-label-${name}`} />
                  </Form.Item>
                  <Form.Item name={[name, 'type']} initialValue="text">
                    <Select options={TYPES.map((x) => ({ value: x, label: t.fonds.types[x] }))} data-testid={`field-type-${name}`} />
                  </Form.Item>
                  <Form.Item name={[name, 'required']} valuePropName="checked" initialValue={false}>
                    <Checkbox data-testid={`field-required-${name}`} />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['fields', name, 'type']]}>
                    {({ getFieldValue }) => {
                      const isEnum = getFieldValue(['fields', name, 'type']) === 'enum';
                      return (
                        <Form.Item name={[name, 'options']} rules={isEnum ? [{ required: true, type: 'array', min: 1, message: t.fonds.optionsRequired }] : []}>
                          <Select mode="tags" disabled={!isEnum} placeholder={isEnum ? t.fonds.optionsPlaceholder : '—'} open={false} suffixIcon={null} data-testid={`field-options-${name}`} />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={t.fonds.removeField} />
                </div>
              ))}
              <Flex>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', label: '', type: 'text', required: false })} data-testid="field-add">
                  {t.fonds.addField}
                </Button>
              </Flex>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
