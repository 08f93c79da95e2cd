import { App, Button, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Notice } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { openReviewApi } from './openReview.api.ts';

/** Portal notices: plain text, published or draft. */
export function NoticesTab() {
  const { t } = useI18n();
  const n = t.openReview.notice;
  const { message } = App.useApp();
  const list = useAsync(() => openReviewApi.notices(), []);
  const [editing, setEditing] = useState<Notice | 'new' | null>(null);
  const [form] = Form.useForm<{ title: string; body: string; published: boolean }>();
  const openEditor = (x: Notice | 'new') => {
    setEditing(x);
    form.setFieldsValue(x === 'new' ? { title: '', body: '', published: false } : { title: x.title, body: x.body, published: x.published });
  };
  const save = async () => {
    const v = await form.validateFields();
    try {
      if (editing === 'new') await openReviewApi.createNotice(v);
      else if (editing) await openReviewApi.updateNotice(editing.id, { ...v, version: editing.version });
      setEditing(null);
      await list.reload();
    } catch (e) { message.error(errorMessage(e)); }
  };
  return (
    <>
      <Button type="primary" onClick={() => openEditor('new')} style={{ marginBottom: 12 }} data-testid="notice-new">{n.create}</Button>
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Table<Notice> rowKey="id" size="small" loading={list.loading} dataSource={list.data?.items ?? []} pagination={false} columns={[
        { title: n.title, dataIndex: 'title', render: (v: string, r) => <a onClick={() => openEditor(r)}>{v}</a> },
        { title: n.published, dataIndex: 'published', render: (v: boolean) => (v ? <Tag color="green">{n.published}</Tag> : <Tag>—</Tag>) },
        { title: n.updatedAt, dataIndex: 'updatedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
        { title: t.common.actions, key: 'a', render: (_: unknown, r) => <Space><Popconfirm title={`${n.delete}?`} onConfirm={async () => { await openReviewApi.deleteNotice(r.id); await list.reload(); }}><Button size="small" danger>{n.delete}</Button></Popconfirm></Space> },
      ]} />
      <Modal open={editing !== null} title={editing === 'new' ? n.create : n.edit} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden okButtonProps={{ 'data-testid': 'notice-save' } as Record<string, string>}>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={n.title} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} data-testid="notice-title" /></Form.Item>
          <Form.Item name="body" label={n.body}><Input.TextArea rows={8} maxLength={20000} data-testid="notice-body" /></Form.Item>
          <Form.Item name="published" label={n.published} valuePropName="checked"><Switch data-testid="notice-published" /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
