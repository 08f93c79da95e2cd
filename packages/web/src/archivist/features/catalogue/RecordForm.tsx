import { useEffect, useState } from 'react';
import { Alert, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError } from '../../../lib/api.ts';
import { CLEARANCES } from '../../../lib/roles.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import type { ArchivalRecord, Category, Scheme } from './catalogue.api.ts';
import { ExtraFieldItems } from './ExtraFieldItems.tsx';
import { fromForm, issueField, issueText, toForm, type FormValues, type RecordFields } from './recordForm.ts';

interface Props {
  category: Category;
  scheme: Scheme;
  /** The record being edited, or the starting values of a new one. */
  initial: Partial<ArchivalRecord>;
  archived: boolean;
  save: (fields: RecordFields) => Promise<void>;
  /** Fetches the current version after a 409 stale_version. */
  onReload?: () => Promise<void>;
}

/** All DA/T 46 著录项 plus the 门类's fields; server issues land on their fields. Archived: class fields read-only. */
export function RecordForm({ category, scheme, initial, archived, save, onReload }: Props) {
  const { t, lang } = useI18n();
  const c = t.catalogue;
  const f = c.fields;
  const user = useUser();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [loose, setLoose] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [hint, setHint] = useState<string | null>(null);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(initial, category));
  }, [initial, category, form]);

  const body = scheme.body;
  const stale = error instanceof ApiError && error.code === 'stale_version';
  const required = [{ required: true, message: c.form.required }];
  const securities = CLEARANCES.slice(0, Math.max(CLEARANCES.indexOf(user.clearance), CLEARANCES.indexOf(initial.security ?? 'public')) + 1);
  const hasCatalogueNo = body.codeRule.some((e) => e.field === 'catalogueNo');

  async function submit(v: FormValues) {
    setBusy(true);
    setError(null);
    setLoose([]);
    try {
      await save(fromForm(v, category));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.issues.length) {
        const fields = new Map<string, { name: (string | number)[]; errors: string[] }>();
        const rest: string[] = [];
        for (const i of e.issues) {
          const name = issueField(i.path, category.extraFields);
          if (!name) rest.push(issueText(i.message, lang));
          else fields.set(name.join('.'), { name, errors: [...(fields.get(name.join('.'))?.errors ?? []), issueText(i.message, lang)] });
        }
        form.setFields([...fields.values()] as Parameters<typeof form.setFields>[0]);
        setLoose(rest);
        const first = [...fields.values()][0];
        if (first) form.scrollToField(first.name as never, { block: 'center' });
      }
    } finally {
      setBusy(false);
    }
  }

  function onScope(code: string | undefined) {
    const entry = body.scope.find((s) => s.code === code);
    if (!entry || archived) return setHint(null);
    form.setFieldValue('retention', entry.retention);
    setHint(c.form.scopeSetsRetention(c.retention[entry.retention]));
  }

  return (
    <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="record-form" requiredMark="optional">
      {archived && <Alert type="info" showIcon title={c.drawer.frozen} style={{ marginBottom: 12 }} data-testid="record-frozen" />}
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="title" label={f.title} rules={[...required, { whitespace: true, message: c.form.required }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid="field-title" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}><Form.Item name="responsible" label={f.responsible}><Input maxLength={500} data-testid="field-responsible" /></Form.Item></Col>
        <Col xs={24} md={12}><Form.Item name="docNumber" label={f.docNumber}><Input maxLength={200} data-testid="field-docNumber" /></Form.Item></Col>
        <Col xs={24} md={12}>
          <Form.Item name="docDate" label={f.docDate}>
            <DatePicker
              format="YYYYMMDD" placeholder={c.form.datePlaceholder} style={{ width: '100%' }} data-testid="field-docDate"
              onChange={(d) => d && !archived && form.setFieldValue('year', d.year())}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="year" label={f.year} rules={required}>
            <InputNumber min={1000} max={2999} disabled={archived} style={{ width: '100%' }} data-testid="field-year" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="scopeCode" label={f.scopeCode} extra={hint}>
            <Select
              allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={c.form.scopePlaceholder} onChange={onScope} data-testid="field-scopeCode"
              options={body.scope.map((s) => ({ value: s.code, disabled: !s.archivable, label: `${s.code} ${s.title}${s.archivable ? '' : c.form.notArchivable} · ${c.retention[s.retention]}` }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="retention" label={f.retention} rules={required}>
            <Select disabled={archived} options={body.retentions.map((r) => ({ value: r, label: c.retention[r] }))} data-testid="field-retention" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="orgCode" label={f.orgCode}>
            <Select allowClear disabled={archived} options={body.orgs.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }))} data-testid="field-orgCode" />
          </Form.Item>
        </Col>
        {hasCatalogueNo && (
          <Col xs={24} md={12}><Form.Item name="catalogueNo" label={f.catalogueNo}><Input disabled={archived} maxLength={6} data-testid="field-catalogueNo" /></Form.Item></Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="security" label={f.security} rules={required}>
            <Select options={securities.map((s) => ({ value: s, label: t.clearance[s] }))} data-testid="field-security" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}><Form.Item name="secrecyPeriod" label={f.secrecyPeriod}><Input maxLength={50} data-testid="field-secrecyPeriod" /></Form.Item></Col>
        <Col xs={24} md={12}>
          <Form.Item name="pages" label={f.pages}>
            <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} suffix={c.form.pagesUnit} data-testid="field-pages" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="openStatus" label={f.openStatus} rules={required}>
            <Select options={(['unreviewed', 'open', 'controlled', 'deferred'] as const).map((s) => ({ value: s, label: c.openStatus[s] }))} data-testid="field-openStatus" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="subjects" label={f.subjects}>
            <Select mode="tags" open={false} suffixIcon={null} placeholder={c.form.subjectsPlaceholder} tokenSeparators={[',', '，', ';', '；']} data-testid="field-subjects" />
          </Form.Item>
        </Col>
        <Col span={24}><Form.Item name="remarks" label={f.remarks}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="field-remarks" /></Form.Item></Col>
        <ExtraFieldItems fields={category.extraFields} />
      </Row>
      <div className="lantai-form-footer">
        {stale ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={c.drawer.staleTitle}
            description={<span data-testid="record-stale">{(error as Error).message}</span>}
            action={<Button size="small" onClick={() => void onReload?.().then(() => setError(null))} data-testid="record-reload">{c.drawer.reload}</Button>}
          />
        ) : (
          <ErrorAlert error={error} testId="record-error" />
        )}
        {loose.length > 0 && <Alert type="error" style={{ marginBottom: 12 }} title={c.drawer.issuesTitle} description={<ul style={{ margin: 0 }}>{loose.map((m) => <li key={m}>{m}</li>)}</ul>} />}
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="record-save">
          {t.common.save}
        </Button>
      </div>
    </Form>
  );
}
