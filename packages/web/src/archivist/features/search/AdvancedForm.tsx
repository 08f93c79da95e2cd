import { Button, Col, Form, Input, InputNumber, Row, Space } from 'antd';
import type { SearchField } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';

export interface Advanced {
  fields: Partial<Record<SearchField, string>>;
  yearFrom?: number;
  yearTo?: number;
}
const FIELDS: SearchField[] = ['title', 'subjects', 'responsible', 'docNumber', 'archivalCode', 'content'];

/** 高级检索: one condition per field (ANDed with the box) and a year range. */
export function AdvancedForm({ value, onSubmit }: { value: Advanced; onSubmit: (a: Advanced) => void }) {
  const { t } = useI18n();
  const s = t.search;
  const [form] = Form.useForm();
  const submit = (v: Record<string, unknown>) => {
    const fields: Advanced['fields'] = {};
    for (const f of FIELDS) if (typeof v[f] === 'string' && (v[f] as string).trim()) fields[f] = (v[f] as string).trim();
    onSubmit({ fields, yearFrom: (v.yearFrom as number | null) ?? undefined, yearTo: (v.yearTo as number | null) ?? undefined });
  };
  return (
    <Form form={form} layout="vertical" size="small" initialValues={{ ...value.fields, yearFrom: value.yearFrom, yearTo: value.yearTo }} onFinish={submit}
      data-testid="search-advanced" style={{ marginBottom: 12, padding: 12, background: 'rgba(0,0,0,0.02)', borderRadius: 8 }}>
      <Row gutter={12}>
        {FIELDS.map((f) => (
          <Col key={f} xs={24} sm={12} lg={8}>
            <Form.Item name={f} label={s.snippetFields[f]}><Input allowClear maxLength={200} /></Form.Item>
          </Col>
        ))}
        <Col xs={24} sm={12} lg={8}>
          <Form.Item label={s.yearRange}>
            <Space.Compact>
              <Form.Item name="yearFrom" noStyle><InputNumber min={1000} max={2999} placeholder={s.from} /></Form.Item>
              <Form.Item name="yearTo" noStyle><InputNumber min={1000} max={2999} placeholder={s.to} /></Form.Item>
            </Space.Compact>
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit">{t.common.search}</Button>
        <Button onClick={() => { form.resetFields(); onSubmit({ fields: {} }); }}>{t.common.reset}</Button>
      </Space>
    </Form>
  );
}
