import { Button, Flex, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { catalogue, type ArchivalRecord } from './catalogue.api.ts';
import { STATUS_COLORS } from './columns.tsx';

/** 卷内文件: the 件 of a 卷 in 档号 order; opens one, or adds a new 件 to this 卷. */
export function VolumeItemsTab({ record, onOpen, onAdd }: { record: ArchivalRecord; onOpen: (id: string) => void; onAdd: () => void }) {
  const { t } = useI18n();
  const c = t.catalogue;
  const items = useAsync(() => catalogue.list({ parentId: record.id }, 'archivalCode', 'asc', 0, 500), [record.id, record.version]);

  const columns: TableColumnsType<ArchivalRecord> = [
    { title: c.fields.archivalCode, key: 'code', render: (_, r) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{r.archivalCode}</Typography.Text> },
    { title: c.fields.title, key: 'title', render: (_, r) => <a onClick={() => onOpen(r.id)} data-testid={`item-open-${r.archivalCode}`}>{r.title}</a> },
    { title: c.fields.docDate, dataIndex: 'docDate', key: 'docDate', render: (d: string) => d || '—' },
    { title: c.fields.pages, dataIndex: 'pages', key: 'pages', align: 'right', render: (p: number | null) => p ?? '—' },
    { title: c.fields.status, key: 'status', render: (_, r) => <Tag color={STATUS_COLORS[r.status]}>{c.status[r.status]}</Tag> },
  ];

  return (
    <div data-testid="items-tab">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t.common.total(items.data?.total ?? 0)}</Typography.Text>
        <Button icon={<FileAddOutlined />} onClick={onAdd} data-testid="item-add">{c.items.add}</Button>
      </Flex>
      <ErrorAlert error={items.error} />
      <Table<ArchivalRecord>
        rowKey="id" size="small" columns={columns} dataSource={items.data?.items ?? []} loading={items.loading}
        pagination={false} locale={{ emptyText: c.items.empty }}
      />
    </div>
  );
}
