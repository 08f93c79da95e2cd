import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CloudDownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { jobDone, useJob } from '../../../lib/useJob.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import { fmtSize } from '../catalogue/FilesTab.tsx';
import { aips, type Aip, type PreservationEventView } from './aip.api.ts';

const OUTCOME_COLORS: Record<string, string> = { pass: 'green', fail: 'red', warning: 'orange' };

/** 长期保存 tab of the record drawer: AIP versions (digest, size, download) and the PREMIS events of the record. */
export function AipPanel({ record }: { record: { id: string; status: string; version: number } }) {
  const { t } = useI18n();
  const a = t.aip;
  const { message } = App.useApp();
  const canManage = useUser().roles.includes('archivist');
  const list = useAsync(() => aips.list(record.id), [record.id, record.version]);
  const events = useAsync(() => aips.events(record.id), [record.id, record.version]);
  const [jobId, setJobId] = useState<string | null>(null);
  const { job } = useJob(jobId);

  useEffect(() => {
    if (!job || !jobDone(job)) return;
    setJobId(null);
    const out = job.output as { built?: boolean; aip?: { version: number } } | undefined;
    if (job.state === 'completed') void message.success(out?.built ? a.built(out.aip?.version ?? 0) : a.unchanged);
    else void message.error(job.message ?? job.state);
    void list.reload();
    void events.reload();
  }, [job]);

  async function build() {
    try {
      setJobId((await aips.build(record.id)).jobId);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  const columns: TableColumnsType<Aip> = [
    { title: a.version, key: 'v', width: 64, render: (_, x) => <Typography.Text strong data-testid={`aip-v${x.version}`}>v{x.version}</Typography.Text> },
    { title: a.createdAt, key: 'at', width: 150, render: (_, x) => fmtTime(x.createdAt) },
    { title: a.size, key: 'size', width: 90, render: (_, x) => fmtSize(x.size) },
    { title: a.files, key: 'files', width: 64, render: (_, x) => x.fileCount },
    {
      title: a.digest, key: 'digest', render: (_, x) => (
        <Flex vertical gap={2}>
          {[['SHA-256', x.sha256], ['SM3', x.sm3]].map(([n, v]) => (
            <Tooltip key={n} title={<code style={{ wordBreak: 'break-all' }}>{v}</code>}>
              <Typography.Text code style={{ fontSize: 12 }}>{n} {v!.slice(0, 16)}…</Typography.Text>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    { title: a.origin, key: 'origin', width: 90, render: (_, x) => <Tag color={x.origin === 'imported' ? 'purple' : 'blue'}>{a.origins[x.origin] ?? x.origin}</Tag> },
    ...(canManage ? [{
      title: a.download, key: 'dl', width: 64, render: (_: unknown, x: Aip) => (
        <Tooltip title={`${a.download} (tar, BagIt 1.0)`}>
          <Button type="link" size="small" icon={<CloudDownloadOutlined />} href={aips.contentUrl(record.id, x.version)} download data-testid={`aip-download-${x.version}`} />
        </Tooltip>
      ),
    }] : []),
  ];
  const eventColumns: TableColumnsType<PreservationEventView> = [
    { title: a.eventAt, key: 'at', width: 150, render: (_, e) => fmtTime(e.at) },
    { title: a.eventType, key: 'type', width: 150, render: (_, e) => a.eventTypes[e.type] ?? e.type },
    { title: a.outcome, key: 'outcome', width: 70, render: (_, e) => <Tag color={OUTCOME_COLORS[e.outcome]}>{a.outcomes[e.outcome] ?? e.outcome}</Tag> },
    { title: a.agent, key: 'agent', width: 140, render: (_, e) => <Typography.Text style={{ fontSize: 12 }}>{e.agent}</Typography.Text> },
    { title: a.detail, key: 'detail', render: (_, e) => <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: e.detail }}>{e.detail}</Typography.Text> },
  ];

  return (
    <div data-testid="aip-panel">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{a.intro}</Typography.Paragraph>
      {record.status === 'draft' && <Alert type="info" showIcon message={a.draftNote} style={{ marginBottom: 12 }} />}
      <ErrorAlert error={list.error ?? events.error} />
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{a.versions}</Typography.Title>
        {canManage && record.status === 'archived' && (
          <Button size="small" icon={<SyncOutlined spin={!!jobId} />} loading={!!jobId} onClick={build} data-testid="aip-build">{jobId ? a.building : a.build}</Button>
        )}
      </Flex>
      <Table<Aip> size="small" rowKey="id" columns={columns} dataSource={list.data?.items ?? []} loading={list.loading} pagination={false} locale={{ emptyText: a.none }} />
      <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>{a.events}</Typography.Title>
      <Table<PreservationEventView> size="small" rowKey="id" columns={eventColumns} dataSource={events.data?.items ?? []} loading={events.loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true }} locale={{ emptyText: a.noEvents }} data-testid="aip-events" />
    </div>
  );
}
