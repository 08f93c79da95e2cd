import { App, Checkbox, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { openReviewApi } from './openReview.api.ts';

interface Values { decision: 'open' | 'closed' | 'redacted'; reason: string; deferYears?: number; title?: string; hideFiles?: boolean }

/** One opinion for one or many reviews (batch), each at the stage it is in. */
export function DecideModal({ ids, defaultTitle, onClose, onDone }: { ids: string[]; defaultTitle?: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const o = t.openReview;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const decision = Form.useWatch('decision', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await openReviewApi.decide({ ids, decision: v.decision, reason: v.reason, deferYears: v.decision === 'closed' ? v.deferYears : undefined,
        redaction: v.decision === 'redacted' ? { title: v.title ?? '', hideFiles: !!v.hideFiles } : undefined });
      message.success(o.decided(r.decided, r.advanced));
      onDone();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={o.decideSelected(ids.length)} onCancel={onClose} onOk={submit} confirmLoading={busy} okButtonProps={{ 'data-testid': 'decide-ok' } as Record<string, string>} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ decision: 'open', deferYears: 5, title: defaultTitle, hideFiles: false }}>
        <Form.Item name="decision" label={o.decision}>
          <Radio.Group optionType="button" options={(['open', 'redacted', 'closed'] as const).map((k) => ({ value: k, label: o.decisions[k] }))} />
        </Form.Item>
        {decision === 'closed' && <Form.Item name="deferYears" label={o.deferYears}><InputNumber min={1} max={100} /></Form.Item>}
        {decision === 'redacted' && <>
          <Form.Item name="title" label={o.publicTitle} rules={[{ required: true, message: o.reasonRequired }]}><Input maxLength={1000} /></Form.Item>
          <Form.Item name="hideFiles" valuePropName="checked"><Checkbox>{o.hideFiles}</Checkbox></Form.Item>
        </>}
        <Form.Item name="reason" label={o.reason} rules={[{ required: true, whitespace: true, message: o.reasonRequired }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="decide-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
