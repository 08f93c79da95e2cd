import { App, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useState } from 'react';
import { AccessPurpose, DeliveryMode, IdType, type AccessRequestCreate } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { accessApi } from './access.api.ts';

/** A new 查档 request: by the reader for themselves, or by an archivist for a walk-in reader (applicant required). */
export function RequestForm({ walkIn, onClose, onDone }: { walkIn: boolean; onClose: () => void; onDone: (number: string) => void }) {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const [form] = Form.useForm<AccessRequestCreate>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await accessApi.create(v);
      onDone(r.number);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) form.setFields(e.issues.map((i) => ({ name: i.path.split('.') as never, errors: [i.message] })));
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const req = [{ required: true, message: t.account.required }];
  return (
    <Modal open title={walkIn ? a.walkIn : a.newRequest} okText={a.submit} okButtonProps={{ 'data-testid': 'access-submit' } as ButtonProps} onOk={() => void submit()} confirmLoading={busy} onCancel={onClose} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ purpose: 'marriage', preferredMode: 'view', applicant: walkIn ? { idType: 'resident_id' } : undefined }} data-testid="access-form">
        <Form.Item name="purpose" label={a.purpose} rules={req}>
          <Select options={AccessPurpose.options.map((p) => ({ value: p, label: a.purposes[p] }))} data-testid="access-purpose" />
        </Form.Item>
        <Form.Item name="purposeDetail" label={a.purposeDetail}><Input maxLength={500} data-testid="access-purpose-detail" /></Form.Item>
        <Form.Item name="content" label={a.content} extra={a.contentHint} rules={[...req, { min: 2 }]}><Input.TextArea rows={3} maxLength={2000} data-testid="access-content" /></Form.Item>
        <Form.Item name="preferredMode" label={a.preferredMode}>
          <Select options={DeliveryMode.options.map((m) => ({ value: m, label: a.modes[m] }))} />
        </Form.Item>
        {walkIn && <>
          <Form.Item name={['applicant', 'name']} label={a.applicantName} rules={req}><Input maxLength={100} data-testid="access-applicant-name" /></Form.Item>
          <Form.Item name={['applicant', 'idType']} label={a.idType}><Select options={IdType.options.map((x) => ({ value: x, label: a.idTypes[x] }))} /></Form.Item>
          <Form.Item name={['applicant', 'idNo']} label={a.idNo} rules={req}><Input maxLength={40} autoComplete="off" data-testid="access-applicant-id" /></Form.Item>
          <Form.Item name={['applicant', 'phone']} label={a.phone}><Input maxLength={30} autoComplete="off" /></Form.Item>
        </>}
      </Form>
    </Modal>
  );
}
