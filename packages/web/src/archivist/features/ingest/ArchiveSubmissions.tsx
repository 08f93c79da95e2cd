import { useEffect, useState } from 'react';
import { Card, Space, Table, Tag, Typography } from 'antd';
import type { ArchiveSubmission } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { api } from '../../../lib/api.ts';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { verdictColor } from './RunView.tsx';

const statusColor = { checking: 'blue', accepted: 'green', rejected: 'red', failed: 'default' } as const;

/** Records that arrived through POST /api/archive (source `api`): each with its 档号, verdict and the stored report. */
export function ArchiveSubmissions({ onOpenRun }: { onOpenRun: (runId: string) => void }) {
  const { t } = useI18n();
  const a = t.archiveApi;
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: ArchiveSubmission[]; total: number }>({ items: [], total: 0 });
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ items: ArchiveSubmission[]; total: number }>('/api/archive/submissions', { offset: (page - 1) * 10, limit: 10 }).then(setData, setError);
  }, [page]);

  return (
    <Card title={a.title} style={{ marginTop: 16 }} data-testid="archive-api-card">
      <Typography.Paragraph type="secondary">{a.intro}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Table<ArchiveSubmission> rowKey="id" size="small" dataSource={data.items} data-testid="archive-api-submissions" locale={{ emptyText: a.empty }}
        pagination={{ current: page, pageSize: 10, total: data.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: a.archivalCode, dataIndex: 'archivalCode', width: 190, render: (v: string | null) => v ?? '—' },
          { title: a.title2, dataIndex: 'title', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: a.fonds, width: 100, render: (_: unknown, r) => `${r.fondsCode} / ${r.categoryCode}` },
          { title: a.status, dataIndex: 'status', width: 80, render: (s: ArchiveSubmission['status']) => <Tag color={statusColor[s]}>{a.statuses[s]}</Tag> },
          { title: a.verdict, dataIndex: 'verdict', width: 100, render: (v: ArchiveSubmission['verdict']) => (v ? <Tag color={verdictColor[v]}>{t.ingest.verdicts[v]}</Tag> : '—') },
          { title: a.via, width: 130, render: (_: unknown, r) => <span title={`${a.vias[r.via]} · ${a.key} ${r.idempotencyKey}`}>{r.createdBy}</span> },
          { title: a.createdAt, dataIndex: 'createdAt', width: 150, render: fmtTime },
          {
            title: a.report, width: 110, render: (_: unknown, r) => (r.runId ? (
              <Space size={8}>
                <a onClick={() => onOpenRun(r.runId!)} data-testid="archive-api-run">{a.run}</a>
                <a href={`/api/archive/submissions/${r.id}/report.pdf`} target="_blank" rel="noreferrer">{a.pdf}</a>
              </Space>
            ) : '—'),
          },
        ]} />
    </Card>
  );
}
