import { useEffect, useState } from 'react';
import { Button, Card, Drawer, Flex, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { IngestRun } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { ingest } from './ingest.client.ts';
import { RunView, verdictColor } from './RunView.tsx';
import { UploadPanel } from './UploadPanel.tsx';
import { ArchiveSubmissions } from './ArchiveSubmissions.tsx';
import { CheckConfigPanel } from './CheckConfigPanel.tsx';

/** 归档接收: the list of check runs (filters), an upload dialog, and one run's live view and report (?run=<id>). */
export function IngestPage() {
  const { t } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const [uploading, setUploading] = useState(false);
  const [configuring, setConfiguring] = useState(false);
  const [filters, setFilters] = useState<{ status?: string; verdict?: string; q?: string }>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: IngestRun[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState<unknown>(null);
  const canDecide = user.roles.includes('archivist');

  useEffect(() => {
    if (runId) return;
    ingest.listRuns({ ...filters, offset: (page - 1) * 20, limit: 20 }).then(setData, setError);
  }, [runId, filters, page]);

  const open = (id: string | null) => setParams(id ? { run: id } : {});
  return (
    <>
      <PageHeader title={t.ingest.title} testId="ingest-title"
        extra={runId ? <Button onClick={() => open(null)}>{t.ingest.back}</Button> : (
          <Space>
            <Button onClick={() => setConfiguring(true)} data-testid="ingest-open-config">{t.ingest.config.open}</Button>
            <Button type="primary" onClick={() => setUploading(true)} data-testid="ingest-open-upload">{t.ingest.upload}</Button>
          </Space>
        )} />
      <ErrorAlert error={error} />
      {runId ? <RunView runId={runId} canDecide={canDecide} /> : (
        <Card title={t.ingest.runs}>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Select allowClear placeholder={t.ingest.allStatuses} style={{ width: 160 }} value={filters.status} onChange={(v) => { setFilters({ ...filters, status: v }); setPage(1); }}
              options={Object.entries(t.ingest.statuses).map(([value, label]) => ({ value, label }))} data-testid="ingest-filter-status" />
            <Select allowClear placeholder={t.ingest.allVerdicts} style={{ width: 180 }} value={filters.verdict} onChange={(v) => { setFilters({ ...filters, verdict: v }); setPage(1); }}
              options={Object.entries(t.ingest.verdicts).map(([value, label]) => ({ value, label }))} data-testid="ingest-filter-verdict" />
            <Input.Search allowClear placeholder={t.ingest.search} style={{ width: 240 }} onSearch={(q) => { setFilters({ ...filters, q: q || undefined }); setPage(1); }} />
          </Flex>
          <Table<IngestRun> rowKey="id" size="small" dataSource={data.items} data-testid="ingest-runs"
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
            onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t.ingest.filename, dataIndex: 'filename' },
              { title: t.ingest.stage, dataIndex: 'stage', width: 80 },
              { title: t.ingest.layout, dataIndex: 'layout', width: 110 },
              { title: t.ingest.records, dataIndex: 'recordCount', width: 70 },
              { title: t.ingest.status, dataIndex: 'status', width: 110, render: (s: IngestRun['status']) => <Tag>{t.ingest.statuses[s]}</Tag> },
              { title: t.ingest.verdict, dataIndex: 'verdict', width: 140, render: (v: IngestRun['verdict']) => (v ? <Tag color={verdictColor[v]}>{t.ingest.verdicts[v]}</Tag> : '—') },
              { title: t.ingest.createdBy, dataIndex: 'createdBy', width: 110 },
              { title: t.ingest.createdAt, dataIndex: 'createdAt', width: 170, render: fmtTime },
            ]} />
        </Card>
      )}
      {!runId && <ArchiveSubmissions onOpenRun={(id) => open(id)} />}
      <Drawer open={configuring} title={t.ingest.config.title} width={1100} onClose={() => setConfiguring(false)} destroyOnHidden data-testid="config-drawer">
        <CheckConfigPanel canEdit={canDecide} />
      </Drawer>
      <Modal open={uploading || params.get('upload') === '1'} title={t.ingest.upload} footer={null} width={720} onCancel={() => { setUploading(false); setParams({}); }} destroyOnHidden>
        <UploadPanel initialCategory={params.get('category')} onStarted={(id) => { setUploading(false); open(id); }} />
      </Modal>
    </>
  );
}
