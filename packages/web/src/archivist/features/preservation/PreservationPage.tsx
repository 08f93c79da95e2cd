import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Input, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CloudSyncOutlined, SafetyOutlined } from '@ant-design/icons';
import type { PreservationDashboard, PreservationIncident } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { fmtSize } from '../catalogue/FilesTab.tsx';
import { IncidentBanner } from './IncidentBanner.tsx';
import { NdsaCards } from './NdsaCards.tsx';
import { preservation } from './preservation.api.ts';

type LocRow = PreservationDashboard['locations'][number];
const SEVERITY_COLORS: Record<string, string> = { info: 'blue', warning: 'orange', error: 'red' };

/** 长期保存 dashboard: per location copies, bytes, last fixity, failures and repairs; NDSA levels; alerts and incidents. */
export function PreservationPage() {
  const { t } = useI18n();
  const p = t.preservation;
  const { message, modal } = App.useApp();
  const user = useUser();
  const canOperate = user.roles.some((r) => r === 'archivist' || r === 'sysadmin');
  const d = useAsync(() => preservation.dashboard(), []);
  const [busy, setBusy] = useState(false);

  async function run(fn: () => Promise<unknown>, ok?: string) {
    setBusy(true);
    try {
      await fn();
      if (ok) void message.success(ok);
      await d.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function resolve(i: PreservationIncident) {
    let text = '';
    modal.confirm({
      title: p.resolve,
      content: <Input.TextArea rows={3} placeholder={p.resolution} onChange={(e) => (text = e.target.value)} data-testid="incident-resolution" />,
      onOk: async () => {
        if (!text.trim()) { void message.warning(p.resolutionRequired); throw new Error('empty'); }
        await run(() => preservation.resolve(i.id, text.trim()));
      },
    });
  }

  const data = d.data;
  const locColumns: TableColumnsType<LocRow> = [
    { title: p.location, key: 'name', render: (_, r) => <><strong>{r.location.name}</strong><br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.location.target}</Typography.Text></> },
    { title: p.kind, key: 'kind', render: (_, r) => p.kinds[r.location.kind] },
    { title: p.medium, key: 'medium', render: (_, r) => <Tag>{p.media[r.location.medium]}</Tag> },
    { title: p.zone, key: 'zone', render: (_, r) => r.location.zone || '—' },
    { title: p.state, key: 'state', render: (_, r) => <Tag color={r.location.state === 'online' ? 'green' : 'default'}>{p.states[r.location.state]}</Tag> },
    { title: p.copies, dataIndex: 'copies', align: 'right' },
    { title: p.bytes, key: 'bytes', align: 'right', render: (_, r) => fmtSize(r.bytes) },
    { title: p.pending, dataIndex: 'pending', align: 'right', render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : 0) },
    { title: p.damaged, key: 'damaged', align: 'right', render: (_, r) => (r.missing + r.corrupt ? <Tag color="red">{r.missing + r.corrupt}</Tag> : 0) },
    { title: p.lastFixity, key: 'fix', render: (_, r) => (r.lastFixityAt ? fmtTime(r.lastFixityAt) : p.never) },
    { title: p.lastCycle, key: 'cycle', render: (_, r) => (r.lastSweepCompletedAt ? fmtTime(r.lastSweepCompletedAt) : p.never) },
    { title: p.failures, dataIndex: 'failures30d', align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
    { title: p.repairs, dataIndex: 'repairs30d', align: 'right' },
    { title: p.lastError, dataIndex: 'lastError', ellipsis: true, render: (s: string | null) => s ?? '' },
  ];
  const incColumns: TableColumnsType<PreservationIncident> = [
    { title: p.openedAt, dataIndex: 'openedAt', render: fmtTime, width: 170 },
    { title: p.incidents, key: 'title', render: (_, i) => <span title={i.title}>{p.incidentText[i.kind]?.(i.objectSha256?.slice(0, 12) ?? '', data?.locations.find((l) => l.location.id === i.locationId)?.location.name ?? i.locationId ?? '') ?? i.title}</span> },
    { title: p.object, dataIndex: 'objectSha256', render: (s: string | null) => (s ? <Typography.Text code>{s.slice(0, 16)}…</Typography.Text> : '—') },
    { title: p.occurrences, dataIndex: 'occurrences', align: 'right' },
    { title: p.state, dataIndex: 'state', render: (s: string) => <Tag color={s === 'open' ? 'red' : 'orange'}>{p.incidentStates[s]}</Tag> },
    ...(canOperate ? [{ title: t.common.actions, key: 'a', render: (_: unknown, i: PreservationIncident) => (
      <Space>
        {i.state === 'open' && <Button size="small" data-testid={`incident-ack-${i.id}`} onClick={() => void run(() => preservation.acknowledge(i.id))}>{p.acknowledge}</Button>}
        <Button size="small" danger onClick={() => resolve(i)}>{p.resolve}</Button>
      </Space>) }] : []),
  ];

  return (
    <>
      <PageHeader title={p.title} testId="page-title" intro={p.intro} extra={canOperate && (
        <>
          <Button icon={<CloudSyncOutlined />} loading={busy} onClick={() => void run(() => preservation.replicate(), p.started)}>{p.replicate}</Button>
          <Button icon={<SafetyOutlined />} loading={busy} onClick={() => void run(() => preservation.sweep(), p.started)}>{p.sweep}</Button>
        </>)} />
      <ErrorAlert error={d.error} />
      {data && (
        <>
          <IncidentBanner count={data.openIncidents.length} link={false} />
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.objects} value={data.objects.total} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.bytes} value={fmtSize(data.objects.bytes)} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.belowPolicy} value={data.objects.belowPolicy} valueStyle={{ color: data.objects.belowPolicy ? '#cf1322' : undefined }} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.mediaShort} value={data.objects.mediaShort} valueStyle={{ color: data.objects.mediaShort ? '#cf1322' : undefined }} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.openIncidents} value={data.openIncidents.length} valueStyle={{ color: data.openIncidents.length ? '#cf1322' : undefined }} /></Card></Col>
            <Col xs={12} md={4}><Card size="small"><Statistic title={p.unreadAlerts} value={data.unreadAlerts} /></Card></Col>
          </Row>
          <Descriptions size="small" style={{ marginBottom: 16 }} items={[
            { key: 'p', label: p.policy, children: <>{p.policyText(data.policy.copies, data.policy.mediaTypes, data.policy.fixityCycleDays)}；{p.rate(Math.round(data.policy.sweepBytesPerSec / 1_048_576))}</> },
          ]} />
          <Typography.Title level={5}>{p.locations}</Typography.Title>
          <Table rowKey={(r) => r.location.id} size="small" columns={locColumns} dataSource={data.locations} pagination={false} scroll={{ x: true }} style={{ marginBottom: 24 }} data-testid="preservation-locations" />
          <Typography.Title level={5}>{p.ndsa}</Typography.Title>
          <Typography.Paragraph type="secondary">{p.ndsaIntro}</Typography.Paragraph>
          <NdsaCards ndsa={data.ndsa} />
          <Row gutter={[16, 16]} style={{ marginTop: 24 }}>
            <Col xs={24} xl={14}>
              <Typography.Title level={5}>{p.incidents}</Typography.Title>
              <Table rowKey="id" size="small" columns={incColumns} dataSource={data.openIncidents} pagination={false} locale={{ emptyText: p.noIncidents }} data-testid="preservation-incidents" />
            </Col>
            <Col xs={24} xl={10}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Title level={5}>{p.alerts}</Typography.Title>
                {canOperate && data.unreadAlerts > 0 && <Button size="small" onClick={() => void run(() => preservation.markAllRead())}>{p.markAllRead}</Button>}
              </Space>
              <Table rowKey="id" size="small" showHeader={false} pagination={false} dataSource={data.alerts} locale={{ emptyText: p.noAlerts }} data-testid="preservation-alerts"
                columns={[
                  { key: 's', width: 70, render: (_, a) => <Tag color={SEVERITY_COLORS[a.severity]}>{p.severity[a.severity]}</Tag> },
                  { key: 'm', render: (_, a) => <Typography.Text strong={!a.readAt} title={a.message}>{p.alertText[a.kind]?.(a.objectSha256?.slice(0, 12) ?? '', data.locations.find((l) => l.location.id === a.locationId)?.location.name ?? a.locationId ?? '') ?? a.message}</Typography.Text> },
                  { key: 't', width: 160, render: (_, a) => <Typography.Text type="secondary">{fmtTime(a.createdAt)}</Typography.Text> },
                ]} />
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
