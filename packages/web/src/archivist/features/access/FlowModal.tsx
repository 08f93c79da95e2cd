import { App, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AccessFlow } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { accessApi } from './access.api.ts';

/** The approval flow: step names and approvers, the extra step for 密级 records, restricted fonds. */
export function FlowModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const f = t.access.flow;
  const { message } = App.useApp();
  const [form] = Form.useForm<AccessFlow>();
  const [busy, setBusy] = useState(false);
  useEffect(() => { accessApi.flow().then((v) => form.setFieldsValue(v), (e) => message.error(errorMessage(e))); }, [form, message]);
  const save = async () => {
    setBusy(true);
    try { await accessApi.setFlow(await form.validateFields()); message.success(f.saved); onClose(); } catch (e) { message.error(errorMessage(e)); } finally { setBusy(false); }
  };
  const tags = (name: (string | number)[], label: string) => <Form.Item name={name} label={label}><Select mode="tags" open={false} /></Form.Item>;
  return (
    <Modal open title={f.title} onOk={() => void save()} confirmLoading={busy} onCancel={onClose} width={640} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.List name="steps">{(fields) => fields.map((fl, i) => (
          <Space key={fl.key} align="start" style={{ display: 'flex' }}>
            <Typography.Text style={{ lineHeight: '32px' }}>{i + 1}.</Typography.Text>
            <Form.Item name={[fl.name, 'key']} hidden><Input /></Form.Item>
            <Form.Item name={[fl.name, 'label']} label={f.label} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
            {tags([fl.name, 'approvers'], f.approvers)}
          </Space>
        ))}</Form.List>
        <Typography.Title level={5}>{f.secrecy}</Typography.Title>
        <Form.Item name={['secrecyStep', 'key']} hidden><Input /></Form.Item>
        <Space align="start">
          <Form.Item name={['secrecyStep', 'label']} label={f.label} rules={[{ required: true }]}><Input maxLength={50} /></Form.Item>
          {tags(['secrecyStep', 'approvers'], f.approvers)}
        </Space>
        {tags(['restrictedFonds'], f.restricted)}
      </Form>
    </Modal>
  );
}
