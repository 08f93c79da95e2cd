import { useState } from 'react';
import { Button, Form, Input, InputNumber, Space } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { CategoryPicker, useCategoryContext } from '../fonds/CategoryPicker.tsx';
import { transfers } from './transfer.client.ts';

interface Values { title: string; description?: string; transferringUnit: string; receivingUnit: string; yearFrom: number; yearTo: number; declaredRecords: number; declaredFiles: number; declaredBytes: number; orgCode?: string }

/** The agency's 移交单 form; the idempotency key is made once per dialog, so a double click creates one transfer. */
export function CreateTransfer({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useI18n();
  const tt = t.transfer;
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const ctx = useCategoryContext(categoryId);
  const [key] = useState(() => `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const year = new Date().getFullYear() - 1;

  async function finish(v: Values) {
    if (!categoryId) return;
    setBusy(true);
    setError(null);
    try {
      const { orgCode, ...rest } = v;
      const r = await transfers.create({ ...rest, description: v.description ?? '', categoryId, idempotencyKey: key, defaults: orgCode ? { orgCode } : {} });
      onCreated(r.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form<Values> layout="vertical" onFinish={finish} data-testid="transfer-form"
      initialValues={{ yearFrom: year, yearTo: year, declaredRecords: 0, declaredFiles: 0, declaredBytes: 0, receivingUnit: '' }}>
      <ErrorAlert error={error ?? ctx.error} testId="transfer-form-error" />
      <Form.Item label={tt.category} required><CategoryPicker categoryId={categoryId} fondsId={ctx.data?.fonds.id} onChange={setCategoryId} /></Form.Item>
      <Form.Item name="title" label={tt.name} rules={[{ required: true, max: 200 }]}><Input data-testid="transfer-name" /></Form.Item>
      <Form.Item name="description" label={tt.description}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      <Space wrap>
        <Form.Item name="transferringUnit" label={tt.transferringUnit} rules={[{ required: true }]}><Input style={{ width: 300 }} data-testid="transfer-from" /></Form.Item>
        <Form.Item name="receivingUnit" label={tt.receivingUnit} rules={[{ required: true }]}><Input style={{ width: 300 }} data-testid="transfer-to" /></Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="yearFrom" label={tt.yearFrom} rules={[{ required: true }]}><InputNumber min={1000} max={9999} /></Form.Item>
        <Form.Item name="yearTo" label={tt.yearTo} rules={[{ required: true }]}><InputNumber min={1000} max={9999} /></Form.Item>
        <Form.Item name="orgCode" label={tt.orgCode} tooltip={tt.defaultsHint}><Input style={{ width: 140 }} data-testid="transfer-org" /></Form.Item>
      </Space>
      <Space wrap>
        <Form.Item name="declaredRecords" label={tt.records} rules={[{ required: true }]}><InputNumber min={0} data-testid="transfer-records" /></Form.Item>
        <Form.Item name="declaredFiles" label={tt.files} rules={[{ required: true }]}><InputNumber min={0} data-testid="transfer-files" /></Form.Item>
        <Form.Item name="declaredBytes" label={tt.bytes} rules={[{ required: true }]}><InputNumber min={0} style={{ width: 180 }} data-testid="transfer-bytes" /></Form.Item>
      </Space>
      <Button type="primary" htmlType="submit" loading={busy} disabled={!categoryId} data-testid="transfer-save">{t.common.create}</Button>
    </Form>
  );
}
