import { useEffect, useState } from 'react';
import { Badge, Button, Progress, Select, Table, Tag, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Job } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { jobs, type JobState } from '../../../lib/endpoints.ts';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';

const STATES: readonly JobState[] = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];
const RUNNING: ReadonlySet<JobState> = new Set(['created', 'retry', 'active']);
const STATE_COLORS: Record<JobState, string> = {
  created: 'default', retry: 'warning', active: 'processing', completed: 'success', cancelled: 'default', failed: 'error',
};
const POLL_MS = 2000;

function progressStatus(j: Job): 'success' | 'exception' | 'active' | 'normal' {
  if (j.state === 'completed') return 'success';
  if (j.state === 'failed') return 'exception';
  return j.state === 'active' ? 'active' : 'normal';
}

/** 后台任务: the caller's jobs (all jobs for the 系统管理员), refreshed every 2 s while any is still running. */
export function JobsPage() {
  const { t } = useI18n();
  const [state, setState] = useState<JobState | undefined>();
  const list = useAsync(() => jobs.list(100, state), [state]);
  const items = list.data?.items ?? [];
  const running = items.some((j) => RUNNING.has(j.state));
  const { reload } = list;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);

  const columns: TableColumnsType<Job> = [
    { title: t.jobs.name, key: 'name', render: (_, j) => <code>{j.name}</code> },
    { title: t.jobs.state, key: 'state', render: (_, j) => <Tag color={STATE_COLORS[j.state]}>{t.jobs.states[j.state]}</Tag> },
    {
      title: t.jobs.progress,
      key: 'percent',
      width: 220,
      render: (_, j) => <Progress percent={Math.round(j.percent)} status={progressStatus(j)} size="small" data-testid={`job-progress-${j.id}`} />,
    },
    { title: t.jobs.message, key: 'message', render: (_, j) => j.message ?? '—' },
    { title: t.jobs.createdAt, key: 'createdAt', render: (_, j) => fmtTime(j.createdAt) },
    { title: t.jobs.startedAt, key: 'startedAt', render: (_, j) => fmtTime(j.startedAt) },
    { title: t.jobs.completedAt, key: 'completedAt', render: (_, j) => fmtTime(j.completedAt) },
  ];

  return (
    <>
      <PageHeader
        title={t.jobs.title}
        testId="page-title"
        extra={
          <>
            {running && <Badge status="processing" text={t.jobs.autoRefresh} data-testid="jobs-auto-refresh" />}
            <Select<JobState>
              allowClear
              placeholder={t.jobs.anyState}
              style={{ width: 140 }}
              value={state}
              onChange={(v) => setState(v)}
              options={STATES.map((s) => ({ value: s, label: t.jobs.states[s] }))}
              data-testid="jobs-filter-state"
            />
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              {t.common.refresh}
            </Button>
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <div data-testid="jobs-table">
        <Table<Job>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={list.loading && !list.data}
          pagination={false}
          locale={{ emptyText: t.jobs.empty }}
          scroll={{ x: 'max-content' }}
        />
      </div>
    </>
  );
}
