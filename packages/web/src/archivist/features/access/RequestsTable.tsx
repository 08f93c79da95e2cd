import { Table, Tag } from 'antd';
import type { AccessRequestSummary } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import type { Page } from '../../../lib/endpoints.ts';
import type { RequestFilter } from './access.api.ts';

/** Requests as a paged table; the number opens the detail. */
export function RequestsTable({ data, loading, filter, staff, onFilter, onOpen }: {
  data: Page<AccessRequestSummary> | undefined; loading: boolean; filter: RequestFilter; staff: boolean; onFilter: (f: RequestFilter) => void; onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const a = t.access;
  return (
    <Table<AccessRequestSummary> rowKey="id" size="small" loading={loading} dataSource={data?.items ?? []} data-testid="access-table"
      pagination={{ current: filter.offset / filter.limit + 1, pageSize: filter.limit, total: data?.total ?? 0, showTotal: t.common.total,
        onChange: (p, size) => onFilter({ ...filter, offset: (p - 1) * size, limit: size }) }}
      columns={[
        { title: a.number, dataIndex: 'number', width: 160, render: (v: string, r) => <a onClick={() => onOpen(r.id)} data-testid="access-open">{v}</a> },
        { title: a.purpose, dataIndex: 'purpose', width: 140, render: (v: string) => a.purposes[v] },
        ...(staff ? [
          { title: a.applicant, dataIndex: 'applicantName', width: 120 },
          { title: a.idNo, dataIndex: 'idNoMasked', width: 190 },
          { title: a.channel, dataIndex: 'channel', width: 80, render: (v: string) => a.channels[v] },
          { title: a.itemCount, dataIndex: 'itemCount', width: 80 },
        ] : []),
        { title: a.statusLabel, dataIndex: 'status', width: 110, render: (v: string, r) => <Tag color={a.statusColors[v]}>{v === 'reviewing' ? `${a.status[v]} · ${r.steps[r.currentStep]?.label ?? ''}` : a.status[v]}</Tag> },
        { title: a.createdAt, dataIndex: 'createdAt', width: 150, render: (v: string) => v.slice(0, 16).replace('T', ' ') },
        { title: a.decidedAt, dataIndex: 'decidedAt', width: 150, render: (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—') },
      ]} />
  );
}
