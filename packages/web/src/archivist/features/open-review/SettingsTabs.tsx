import { App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import type { OpenRule, SensitiveTerm } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { openReviewApi } from './openReview.api.ts';

/** The managed 敏感词 list. */
export function TermsTab() {
  const { t } = useI18n();
  const o = t.openReview;
  const { message } = App.useApp();
  const terms = useAsync(() => openReviewApi.terms(), []);
  const [form] = Form.useForm<{ term: string; category: string }>();
  const add = async () => {
    const v = await form.validateFields();
    try { await openReviewApi.addTerm(v.term, v.category); form.resetFields(['term']); await terms.reload(); } catch (e) { message.error(errorMessage(e)); }
  };
  return (
    <>
      <Form form={form} layout="inline" initialValues={{ category: 'personal' }} style={{ marginBottom: 12 }} onFinish={add}>
        <Form.Item name="term" label={o.term} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="term-input" /></Form.Item>
        <Form.Item name="category" label={o.category}><Select style={{ width: 140 }} options={Object.entries(o.termCategories).map(([value, label]) => ({ value, label }))} /></Form.Item>
        <Button type="primary" htmlType="submit" data-testid="term-add">{o.addTerm}</Button>
      </Form>
      {terms.error ? <ErrorAlert error={terms.error} /> : null}
      <Table<SensitiveTerm> rowKey="id" size="small" loading={terms.loading} dataSource={terms.data?.items ?? []} pagination={{ pageSize: 50 }} columns={[
        { title: o.term, dataIndex: 'term' }, { title: o.category, dataIndex: 'category', render: (c: string) => o.termCategories[c] },
        { title: o.createdBy, dataIndex: 'createdBy' },
        { title: t.common.actions, key: 'a', render: (_: unknown, r) => <Popconfirm title={`${o.removeTerm} ${r.term}?`} onConfirm={async () => { await openReviewApi.removeTerm(r.id); await terms.reload(); }}><Button size="small" danger>{o.removeTerm}</Button></Popconfirm> },
      ]} />
    </>
  );
}

/** Per-门类 opening age and co-review with the 移交单位. */
export function RulesTab() {
  const { t } = useI18n();
  const o = t.openReview;
  const { message } = App.useApp();
  const rules = useAsync(() => openReviewApi.rules(), []);
  const [edits, setEdits] = useState<Record<string, { openAfterYears: number; coReview: boolean }>>({});
  const value = (r: OpenRule) => edits[r.categoryId] ?? { openAfterYears: r.openAfterYears, coReview: r.coReview };
  const save = async (r: OpenRule) => {
    try { await openReviewApi.putRule(r.categoryId, value(r)); message.success(o.save); await rules.reload(); } catch (e) { message.error(errorMessage(e)); }
  };
  return (
    <>
      {rules.error ? <ErrorAlert error={rules.error} /> : null}
      <Table<OpenRule> rowKey="categoryId" size="small" loading={rules.loading} dataSource={rules.data?.items ?? []} pagination={false} columns={[
        { title: o.fonds, key: 'f', render: (_: unknown, r) => `${r.fondsCode} ${r.fondsName}` },
        { title: o.categoryName, key: 'c', render: (_: unknown, r) => `${r.categoryCode} ${r.categoryName}` },
        { title: o.openAfter, key: 'y', render: (_: unknown, r) => <InputNumber min={0} max={100} value={value(r).openAfterYears} aria-label={o.openAfter}
          onChange={(v) => setEdits((e) => ({ ...e, [r.categoryId]: { ...value(r), openAfterYears: Number(v ?? 25) } }))} /> },
        { title: o.coReviewCol, key: 'co', render: (_: unknown, r) => <Switch checked={value(r).coReview} aria-label={o.coReviewCol}
          onChange={(v) => setEdits((e) => ({ ...e, [r.categoryId]: { ...value(r), coReview: v } }))} /> },
        { title: t.common.actions, key: 'a', render: (_: unknown, r) => <Space><Button size="small" onClick={() => save(r)}>{o.save}</Button></Space> },
      ]} />
    </>
  );
}
