import { App, Button, Descriptions, Drawer, Empty, Popconfirm, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { AccessItem, AccessRequest } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { accessApi } from './access.api.ts';
import { DeliveriesTable } from './DeliveriesTable.tsx';
import { StaffActions } from './StaffActions.tsx';

/**
 * One request: status, the approval steps and decisions, the records, the deliveries. Archivists also
 * get the actions of the current step. Every text from the reader is rendered as text (React escapes it).
 */
export function RequestDrawer({ id, staff, onClose, onChanged }: { id: string; staff: boolean; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const req = useAsync(() => accessApi.get(id), [id]);
  const [revealed, setRevealed] = useState<string | null>(null);
  const r = req.data;
  const changed = (next?: AccessRequest) => { void req.reload(); onChanged(); return next; };
  const reveal = async () => { try { setRevealed((await accessApi.reveal(id)).idNo); } catch (e) { message.error(errorMessage(e)); } };
  const withdraw = async () => { try { await accessApi.withdraw(id); changed(); } catch (e) { message.error(errorMessage(e)); } };
  const current = r ? Math.min(r.currentStep, r.steps.length) : 0;
  return (
    <Drawer open width={860} title={r ? `${a.detail} · ${r.number}` : a.detail} onClose={onClose} destroyOnHidden data-testid="access-drawer">
      {req.error ? <ErrorAlert error={req.error} /> : null}
      {r && <>
        <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }} items={[
          { key: 'n', label: a.number, children: <span data-testid="access-number">{r.number}</span> },
          { key: 's', label: a.statusLabel, children: <Tag color={a.statusColors[r.status]} data-testid="access-status">{a.status[r.status]}</Tag> },
          { key: 'p', label: a.purpose, children: a.purposes[r.purpose] },
          { key: 'c', label: a.channel, children: a.channels[r.channel] },
          { key: 'pd', label: a.purposeDetail, span: 2, children: <span data-testid="access-purpose-text">{r.purposeDetail || '—'}</span> },
          { key: 'ct', label: a.content, span: 2, children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{r.content}</Typography.Paragraph> },
          { key: 'ap', label: a.applicant, children: r.applicantName },
          { key: 'id', label: a.idNo, children: <Space>
            <span data-testid="access-idno">{revealed ?? (r.idNoMasked || '—')}</span>
            {staff && r.idNoMasked && !revealed && <Button size="small" type="link" onClick={() => void reveal()} title={a.revealNote} data-testid="access-reveal">{a.reveal}</Button>}
          </Space> },
          { key: 'm', label: a.preferredMode, children: a.modes[r.preferredMode] },
          { key: 'at', label: a.createdAt, children: r.createdAt.slice(0, 16).replace('T', ' ') },
        ]} />
        <Typography.Title level={5}>{a.steps}</Typography.Title>
        <Steps size="small" current={current} status={r.status === 'rejected' ? 'error' : undefined} style={{ marginBottom: 16 }} data-testid="access-steps"
          items={r.steps.map((s, i) => ({ title: s.label, description: r.decisions.find((d) => d.stepIndex === i)?.actor }))} />
        {r.decisions.length > 0 && <Timeline style={{ marginBottom: 8 }} items={r.decisions.map((d) => ({
          color: d.decision === 'approve' ? 'green' : 'red',
          children: <span>{r.steps[d.stepIndex]?.label} · {d.decision === 'approve' ? a.approve : a.reject} · {d.actor} · {d.at.slice(0, 16).replace('T', ' ')}{d.reason ? ` — ${d.reason}` : ''}</span>,
        }))} />}
        {staff && <StaffActions request={r} onChanged={(n) => changed(n)} />}
        <Typography.Title level={5}>{a.items}</Typography.Title>
        {r.items.length || staff ? <Table<AccessItem> rowKey="recordId" size="small" pagination={false} dataSource={r.items} data-testid="access-items" style={{ marginBottom: 16 }} columns={[
          { title: a.archivalCode, dataIndex: 'archivalCode', width: 220 },
          { title: a.recordTitle, dataIndex: 'title' },
          { title: a.year, dataIndex: 'year', width: 70 },
          { title: a.security, dataIndex: 'security', width: 80, render: (v: string) => t.clearance[v as 'public'] },
          { title: a.files, dataIndex: 'fileCount', width: 80 },
        ]} /> : <Empty description={a.itemsHidden} image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        <Typography.Title level={5}>{a.deliveries}</Typography.Title>
        <DeliveriesTable request={r} staff={staff} onChanged={() => changed()} />
        {!staff && r.status === 'reviewing' && <Popconfirm title={a.confirmWithdraw} onConfirm={() => void withdraw()}>
          <Button danger style={{ marginTop: 16 }} data-testid="access-withdraw">{a.withdraw}</Button>
        </Popconfirm>}
      </>}
    </Drawer>
  );
}
