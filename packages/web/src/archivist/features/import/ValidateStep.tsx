import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Flex, Popconfirm, Row, Space, Statistic } from 'antd';
import { CloudUploadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { imports } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { jobDone, useJob } from '../../../lib/useJob.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { FailureAlert } from './CommitStep.tsx';
import { IssuesTable } from './IssuesTable.tsx';
import { JobProgress } from './JobProgress.tsx';

interface Props {
  imp: ImportView;
  jobId: string;
  onRestart: () => void;
  onFixMapping: (imp: ImportView) => void;
  onCommitting: (imp: ImportView, jobId: string) => void;
}

/** Step 3: validation runs as a job (progress bar); then the counts, the bad rows with reasons, and commit if none. */
export function ValidateStep({ imp, jobId, onRestart, onFixMapping, onCommitting }: Props) {
  const { t } = useI18n();
  const { job, error: jobError } = useJob(jobId);
  const done = jobDone(job);
  const view = useAsync(() => (done ? imports.get(imp.id) : Promise.resolve(undefined)), [done, imp.id]);
  const v = view.data;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { reload } = view;

  useEffect(() => {
    // The job may report completion a moment before the import row says so.
    if (v?.status !== 'validating') return;
    const timer = setTimeout(() => void reload(), 500);
    return () => clearTimeout(timer);
  }, [v, reload]);

  async function commit() {
    setBusy(true);
    setError(null);
    try {
      const r = await imports.commit(imp.id);
      onCommitting(r.import, r.jobId);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const ready = v && v.status === 'validated';
  const clean = ready && v.errorRows === 0 && v.totalRows > 0;
  const stats = v && (
    <Row gutter={16} style={{ marginBottom: 16 }} data-testid="import-stats">
      <Col span={6}><Statistic title={t.imports.totalRows} value={v.totalRows} /></Col>
      <Col span={6}><Statistic title={t.imports.errorRows} value={v.errorRows} styles={{ content: { color: v.errorRows ? '#cf1322' : undefined } }} /></Col>
      <Col span={6}><Statistic title={t.imports.errorCount} value={v.errorCount} /></Col>
      <Col span={6}><Statistic title={t.imports.warningCount} value={v.warningCount} /></Col>
    </Row>
  );

  return (
    <Card>
      <JobProgress job={job} label={t.imports.validating} doneLabel={t.imports.validated} testId="import-validate-progress" />
      <ErrorAlert error={jobError ?? view.error ?? error} testId="import-validate-error" />
      {done && job?.state !== 'completed' && !v?.failure && <Alert type="error" showIcon title={t.imports.jobFailed} description={job?.message} style={{ marginBottom: 16 }} />}
      {v?.failure && <FailureAlert failure={v.failure} />}
      {stats}
      {ready && (clean ? (
        <Alert type="success" showIcon title={t.imports.allGood(v.totalRows)} style={{ marginBottom: 16 }} data-testid="import-clean" />
      ) : (
        <Alert type="error" showIcon title={t.imports.hasErrors(v.errorRows)} style={{ marginBottom: 16 }} data-testid="import-has-errors" />
      ))}
      {ready && v.errorCount + v.warningCount > 0 && <IssuesTable importId={v.id} errorCount={v.errorCount} warningCount={v.warningCount} />}
      <Flex justify="space-between" wrap gap={8} style={{ marginTop: 16 }}>
        <Space wrap>
          <Button icon={<UploadOutlined />} disabled={!done} onClick={onRestart} data-testid="import-restart">{t.imports.restart}</Button>
          <Button icon={<EditOutlined />} disabled={!v || v.status === 'validating'} onClick={() => v && onFixMapping(v)} data-testid="import-fix-mapping">
            {t.imports.fixMapping}
          </Button>
        </Space>
        <Popconfirm title={t.imports.commitConfirm(v?.totalRows ?? 0)} okText={t.common.ok} cancelText={t.common.cancel} onConfirm={() => commit()} disabled={!clean}
          okButtonProps={{ 'data-testid': 'import-commit-confirm' }}>
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={!clean} loading={busy} data-testid="import-commit">{t.imports.commit}</Button>
        </Popconfirm>
      </Flex>
    </Card>
  );
}
