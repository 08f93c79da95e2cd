import { Flex, Progress, Typography } from 'antd';
import type { Job } from '@lantai/api';

/** A job's progress bar with its state, as the 后台任务 page shows it. */
export function JobProgress({ job, label, doneLabel, testId }: { job: Job | undefined; label: string; doneLabel: string; testId: string }) {
  const status = job?.state === 'completed' ? 'success' : job?.state === 'failed' || job?.state === 'cancelled' ? 'exception' : 'active';
  return (
    <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid={testId} data-state={job?.state ?? 'created'}>
      <Typography.Text type="secondary">
        {job?.state === 'completed' ? doneLabel : label}
        {job?.message ? ` ${job.message}` : ''}
      </Typography.Text>
      <Progress percent={Math.round(job?.percent ?? 0)} status={status} />
    </Flex>
  );
}
