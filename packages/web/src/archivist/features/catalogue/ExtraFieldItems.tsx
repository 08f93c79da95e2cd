import { Col, DatePicker, Divider, Form, Input, InputNumber, Select } from 'antd';
import type { ExtraField } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';

/** The 门类's own fields (text, number, YYYYMMDD date, enum), under extra.<key>. */
export function ExtraFieldItems({ fields }: { fields: readonly ExtraField[] }) {
  const { t } = useI18n();
  if (!fields.length) return null;
  return (
    <>
      <Col span={24}>
        <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
          {t.catalogue.drawer.extra}
        </Divider>
      </Col>
      {fields.map((x) => (
        <Col key={x.key} xs={24} md={x.type === 'text' && (x.maxLength ?? 0) > 200 ? 24 : 12}>
          <Form.Item
            name={['extra', x.key]}
            label={x.label}
            rules={x.required ? [{ required: true, message: t.catalogue.form.required }] : []}
          >
            {x.type === 'number' ? (
              <InputNumber style={{ width: '100%' }} data-testid={`field-extra-${x.key}`} />
            ) : x.type === 'date' ? (
              <DatePicker format="YYYYMMDD" style={{ width: '100%' }} data-testid={`field-extra-${x.key}`} />
            ) : x.type === 'enum' ? (
              <Select allowClear options={(x.options ?? []).map((o) => ({ value: o, label: o }))} data-testid={`field-extra-${x.key}`} />
            ) : (x.maxLength ?? 0) > 200 ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={x.maxLength} data-testid={`field-extra-${x.key}`} />
            ) : (
              <Input maxLength={x.maxLength} data-testid={`field-extra-${x.key}`} />
            )}
          </Form.Item>
        </Col>
      ))}
    </>
  );
}
