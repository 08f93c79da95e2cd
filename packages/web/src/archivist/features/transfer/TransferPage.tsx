import { useEffect, useState } from 'react';
import { Button, Card, Flex, Input, Modal, Select, Table, Tag } from 'antd';
import { useSearchParams } from 'react-router-dom';
import type { Transfer } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useUser } from '../../session.tsx';
import { CreateTransfer } from './CreateTransfer.tsx';
import { transfers } from './transfer.client.ts';
import { statusColor, TransferView } from './TransferView.tsx';

/** 移交接收: the list of 移交单 (status filter), a create dialog for the agency, and one transfer's view (?id=<id>). */
export function TransferPage() {
  const { t } = useI18n();
  const user = useUser();
  const tt = t.transfer;
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useState<{ status?: string; q?: string }>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Transfer[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState<unknown>(null);
  const isAgency = user.roles.includes('records_officer');

  useEffect(() => {
    if (id) return;
    transfers.list({ ...filters, offset: (page - 1) * 20, limit: 20 }).then(setData, setError);
  }, [id, filters, page]);

  const open = (x: string | null) => setParams(x ? { id: x } : {});
  return (
    <>
      <PageHeader title={tt.title} testId="transfer-title" intro={id ? undefined : tt.intro}
        extra={id ? <Button onClick={() => open(null)}>{tt.back}</Button> : isAgency && <Button type="primary" onClick={() => setCreating(true)} data-testid="transfer-create">{tt.create}</Button>} />
      <ErrorAlert error={error} />
      {id ? <TransferView id={id} /> : (
        <Card title={tt.list}>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Select allowClear placeholder={tt.allStatuses} style={{ width: 160 }} value={filters.status} onChange={(v) => { setFilters({ ...filters, status: v }); setPage(1); }}
              options={Object.entries(tt.statuses).map(([value, label]) => ({ value, label }))} data-testid="transfer-filter-status" />
            <Input.Search allowClear placeholder={tt.search} style={{ width: 240 }} onSearch={(q) => { setFilters({ ...filters, q: q || undefined }); setPage(1); }} />
          </Flex>
          <Table<Transfer> rowKey="id" size="small" dataSource={data.items} data-testid="transfer-list"
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
            onRow={(r) => ({ onClick: () => open(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: tt.number, dataIndex: 'number', width: 130 },
              { title: tt.name, dataIndex: 'title' },
              { title: tt.transferringUnit, dataIndex: 'transferringUnit', width: 160 },
              { title: tt.fonds, width: 100, render: (_, r) => r.fondsCode },
              { title: tt.years, width: 110, render: (_, r) => (r.yearFrom === r.yearTo ? r.yearFrom : `${r.yearFrom}–${r.yearTo}`) },
              { title: tt.records, dataIndex: 'declaredRecords', width: 70 },
              { title: tt.status, dataIndex: 'status', width: 120, render: (s: Transfer['status']) => <Tag color={statusColor[s]}>{tt.statuses[s]}</Tag> },
              { title: tt.createdAt, dataIndex: 'createdAt', width: 170, render: fmtTime },
            ]} />
        </Card>
      )}
      <Modal open={creating} title={tt.create} footer={null} width={720} onCancel={() => setCreating(false)} destroyOnHidden>
        <CreateTransfer onCreated={(x) => { setCreating(false); open(x); }} />
      </Modal>
    </>
  );
}
