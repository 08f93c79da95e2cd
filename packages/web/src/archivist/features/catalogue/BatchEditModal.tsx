import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { CLEARANCES } from '../../../lib/roles.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import { catalogue, type ArchivalRecord, type BatchSet } from './catalogue.api.ts';
import { issueText } from './recordForm.ts';

const FIELDS = ['responsible', 'security', 'openStatus', 'secrecyPeriod', 'pages', 'remarks'] as const;
type Field = (typeof FIELDS)[number];

/** 批量修改: the same descriptive fields on every ticked record, all or nothing (POST /api/records/batch). */
export function BatchEditModal({ open, records, onClose, onDone }: { open: boolean; records: ArchivalRecord[]; onClose: () => void; onDone: (n: number) => void }) {
  const { t, lang } = useI18n();
  const c = t.catalogue;
  const user = useUser();
  const [form] = Form.useForm<BatchSet>();
  const [on, setOn] = useState<Field[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setOn([]);
      setError(null);
    }
  }, [open]);

  async function submit() {
    if (!on.length) return setError(new Error(c.batch.nothing));
    const v = await form.validateFields();
    const set = Object.fromEntries(on.map((k) => [k, k === 'pages' ? (v.pages ?? null) : (v[k] ?? '')])) as BatchSet;
    setBusy(true);
    setError(null);
    try {
      const r = await catalogue.batch(records.map((x) => x.id), set);
      onDone(r.updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const securities = CLEARANCES.slice(0, CLEARANCES.indexOf(user.clearance) + 1);
  const inputs: Record<Field, ReactNode> = {
    responsible: <Input data-testid="batch-responsible" />,
    security: <Select options={securities.map((s) => ({ value: s, label: t.clearance[s] }))} data-testid="batch-security" />,
    openStatus: <Select options={(['unreviewed', 'open', 'controlled', 'deferred'] as const).map((s) => ({ value: s, label: c.openStatus[s] }))} data-testid="batch-openStatus" />,
    secrecyPeriod: <Input data-testid="batch-secrecyPeriod" />,
    pages: <InputNumber min={0} style={{ width: 160 }} data-testid="batch-pages" />,
    remarks: <Input.TextArea rows={2} data-testid="batch-remarks" />,
  };
  const issues = error && typeof error === 'object' && 'issues' in error ? (error as { issues: { path: string; message: string }[] }).issues : [];

  return (
    <Modal
      open={open}
      title={c.batch.title(records.length)}
      okText={t.common.save}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'batch-submit' }}
    >
      <Alert type="info" showIcon title={c.batch.hint} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error} testId="batch-error" />
      {issues.length > 0 && (
        <ul data-testid="batch-issues">
          {issues.map((i) => <li key={i.path + i.message}>{issueText(i.message, lang)}</li>)}
        </ul>
      )}
      <Form form={form} layout="horizontal" labelCol={{ span: 7 }} preserve={false} data-testid="batch-form">
        {FIELDS.map((k) => (
          <Form.Item
            key={k}
            label={
              <Checkbox checked={on.includes(k)} onChange={(e) => setOn(e.target.checked ? [...on, k] : on.filter((x) => x !== k))} data-testid={`batch-on-${k}`}>
                {c.fields[k]}
              </Checkbox>
            }
            colon={false}
            name={k}
            rules={on.includes(k) && k !== 'remarks' && k !== 'pages' && k !== 'secrecyPeriod' ? [{ required: true, message: c.form.required }] : []}
          >
            {on.includes(k) ? inputs[k] : <Input disabled placeholder="—" />}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
