import { App, Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { AccessDelivery, AccessRequest } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { accessApi } from './access.api.ts';
import { DeliveryViewer } from './DeliveryViewer.tsx';

/** The deliveries of a request, each with what its holder may do now (view, download; staff: print, revoke). */
export function DeliveriesTable({ request, staff, onChanged }: { request: AccessRequest; staff: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const a = t.access;
  const { message } = App.useApp();
  const [viewing, setViewing] = useState<string | null>(null);
  const revoke = async (id: string) => { try { await accessApi.revoke(id); onChanged(); } catch (e) { message.error(errorMessage(e)); } };
  return (
    <>
      <Table<AccessDelivery> rowKey="id" size="small" pagination={false} dataSource={request.deliveries} data-testid="access-deliveries" columns={[
        { title: a.preferredMode, dataIndex: 'mode', render: (m: string, d) => <Space>{a.modes[m]}{d.certificateNo && <Tag>{d.certificateNo}</Tag>}</Space> },
        { title: a.expiresAt, dataIndex: 'expiresAt', width: 150, render: (v: string, d) => d.revoked ? <Tag>{a.revoked}</Tag> : d.expired ? <Tag color="default">{a.expired}</Tag> : v.slice(0, 16).replace('T', ' ') },
        { title: a.views, dataIndex: 'views', width: 80 },
        { title: a.downloads, dataIndex: 'downloads', width: 80 },
        { title: t.common.actions, key: 'x', width: 260, render: (_: unknown, d) => <Space size={4} wrap>
          {d.token && <Button size="small" type="primary" onClick={() => setViewing(d.token)} data-testid="access-view">{a.view}</Button>}
          {d.token && d.mode !== 'view' && <Button size="small" href={accessApi.downloadUrl(d.token)} data-testid="access-download">{a.download}</Button>}
          {staff && d.mode === 'certified' && <Button size="small" href={accessApi.certificateUrl(d.id)} target="_blank">{a.certificate}</Button>}
          {staff && d.token && <Button size="small" danger onClick={() => void revoke(d.id)}>{a.revoke}</Button>}
        </Space> },
      ]} />
      {viewing && <DeliveryViewer token={viewing} number={request.number} onClose={() => setViewing(null)} />}
    </>
  );
}
