import { useEffect, useState } from 'react';
import { Button, Col, Form, Input, InputNumber, Modal, Row } from 'antd';
import type { Fonds } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError } from '../../../lib/api.ts';
import { fonds as fondsApi } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

interface Values {
  code: string;
  name: string;
  agency: string;
  startYear: number | null;
  endYear: number | null;
  description: string;
  history: string;
}

const CODE = /^[0-9A-Z]{4}$/;
const EMPTY: Values = { code: '', name: '', agency: '', startYear: null, endYear: null, description: '', history: '' };
const toValues = (f: Fonds): Values => ({
  code: f.code, name: f.name, agency: f.agency, startYear: f.startYear, endYear: f.endYear, description: f.description, history: f.history,
});

/**
 * 新建 / 编辑全宗. An edit sends the version it started from; if someone saved in between the server answers
 * 409 stale_version, shown as such, with a button that loads the latest data (and version) into the form.
 */
export function FondsFormModal({ open, fonds, onClose, onSaved }: { open: boolean; fonds: Fonds | null; onClose: () => void; onSaved: (f: Fonds) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [base, setBase] = useState<Fonds | null>(fonds);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const stale = error instanceof ApiError && error.code === 'stale_version';

  useEffect(() => {
    if (!open) return;
    setBase(fonds);
    setError(null);
  }, [open, fonds]);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body = {
        name: v.name.trim(), agency: v.agency.trim(), startYear: v.startYear ?? null, endYear: v.endYear ?? null,
        description: v.description ?? '', history: v.history ?? '',
      };
      onSaved(base ? await fondsApi.update(base.id, { ...body, version: base.version }) : await fondsApi.create({ ...body, code: v.code }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function loadLatest() {
    if (!base) return;
    const latest = await fondsApi.get(base.id);
    setBase(latest);
    form.setFieldsValue(toValues(latest));
    setError(null);
  }

  const required = { required: true, whitespace: true, message: t.fonds.required };
  return (
    <Modal
      open={open}
      width={720}
      title={base ? t.fonds.editTitle(base.code) : t.fonds.create}
      okText={t.common.save}
      cancelText={t.common.cancel}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'fonds-submit' }}
    >
      <ErrorAlert error={error} testId="fonds-error" />
      {stale && (
        <Button onClick={() => void loadLatest()} style={{ marginTop: -8, marginBottom: 16 }} data-testid="fonds-reload">
          {t.fonds.reloadLatest}
        </Button>
      )}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={fonds ? toValues(fonds) : EMPTY} data-testid="fonds-form">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="code" label={t.fonds.code} rules={base ? [] : [required, { pattern: CODE, message: t.fonds.codeRule }]}
              extra={base ? t.fonds.codeFixed : undefined}>
              <Input disabled={!!base} maxLength={4} autoComplete="off" data-testid="fonds-code" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t.fonds.name} rules={[required]}>
              <Input maxLength={200} data-testid="fonds-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agency" label={t.fonds.agency} rules={[required]}>
              <Input maxLength={200} data-testid="fonds-agency" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="startYear" label={t.fonds.startYear}>
              <InputNumber min={1000} max={2999} precision={0} style={{ width: '100%' }} data-testid="fonds-start" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="endYear"
              label={t.fonds.endYear}
              dependencies={['startYear']}
              rules={[({ getFieldValue }) => ({
                validator: (_, v: number | null) => {
                  const s = getFieldValue('startYear') as number | null;
                  return v && s && v < s ? Promise.reject(new Error(t.fonds.yearRange)) : Promise.resolve();
                },
              })]}
            >
              <InputNumber min={1000} max={2999} precision={0} style={{ width: '100%' }} data-testid="fonds-end" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t.fonds.description}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={20000} data-testid="fonds-description" />
        </Form.Item>
        <Form.Item name="history" label={t.fonds.history}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={50000} data-testid="fonds-history" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
