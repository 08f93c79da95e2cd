import { useState } from 'react';
import { Button, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { AuditRow } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { audit, type AuditFilter, type AuditOutcome } from '../../../lib/endpoints.ts';
import { fmtTime } from '../../../lib/format.ts';
import { usePagedList } from '../../../lib/usePagedList.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'success', denied: 'warning', failure: 'error' };

/** 审计日志 (安全审计员): the hash-chained log, newest first, with filters and chain verification. */
export function AuditPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [badSeq, setBadSeq] = useState<number | null>(null);
  const [form] = Form.useForm<AuditFilter>();
  const list = usePagedList((offset, limit) => audit.list(offset, limit, filter), [filter]);

  function apply(v: AuditFilter) {
    list.resetPage();
    setFilter({ action: v.action?.trim() || undefined, actor: v.actor?.trim() || undefined, outcome: v.outcome || undefined });
  }

  const columns: TableColumnsType<AuditRow> = [
    { title: t.audit.seq, dataIndex: 'seq', key: 'seq', width: 80 },
    { title: t.audit.at, key: 'at', render: (_, r) => fmtTime(r.at), width: 180 },
    { title: t.audit.actor, key: 'actor', render: (_, r) => r.actorName ?? <Typography.Text type="secondary">{t.audit.system}</Typography.Text> },
    { title: t.audit.action, key: 'action', render: (_, r) => <code>{r.action}</code> },
    { title: t.audit.outcome, key: 'outcome', render: (_, r) => <Tag color={OUTCOME_COLORS[r.outcome]}>{t.audit.outcomes[r.outcome]}</Tag> },
    { title: t.audit.target, key: 'target', render: (_, r) => (r.targetType ? `${r.targetType}${r.targetId ? ` ${r.targetId.slice(0, 8)}` : ''}` : '—') },
    { title: t.audit.ip, dataIndex: 'ip', key: 'ip', render: (ip: string | null) => ip ?? '—' },
    { title: t.common.requestId, dataIndex: 'requestId', key: 'requestId', render: (id: string | null) => (id ? <code>{id}</code> : '—') },
  ];

  return (
    <>
      <PageHeader title={t.audit.title} testId="page-title" />
      <VerifyPanel onResult={(r) => setBadSeq(r?.firstBad?.seq ?? null)} />
      <Form<AuditFilter> form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="action" label={t.audit.action}>
          <Input allowClear placeholder="auth.login" style={{ width: 180 }} data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="actor" label={t.audit.actor}>
          <Input allowClear style={{ width: 160 }} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="outcome" label={t.audit.outcome}>
          <Select<AuditOutcome>
            allowClear
            placeholder={t.audit.anyOutcome}
            style={{ width: 140 }}
            options={(['success', 'denied', 'failure'] as const).map((o) => ({ value: o, label: t.audit.outcomes[o] }))}
            data-testid="audit-filter-outcome"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t.common.search}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {t.common.reset}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={list.error} />
      <div data-testid="audit-table">
        <Table<AuditRow>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={{ ...list.pagination, showTotal: t.common.total }}
          scroll={{ x: 'max-content' }}
          rowClassName={(r) => (r.seq === badSeq ? 'lantai-row-bad' : '')}
          expandable={{ expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre> }}
        />
      </div>
    </>
  );
}
