import { useEffect } from 'react';
import { Alert, Button, Card, Result } from 'antd';
import { Link } from 'react-router-dom';
import type { ImportRowIssue, ImportView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { imports } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { jobDone, useJob } from '../../../lib/useJob.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { JobProgress } from './JobProgress.tsx';

/** Why a validation or commit failed as a whole (e.g. the row whose 档号 already exists). */
export function FailureAlert({ failure }: { failure: ImportRowIssue }) {
  const { t, lang } = useI18n();
  const text = `${failure.row ? t.imports.failureAt(failure.row) : ''}${lang === 'en' ? failure.en : failure.zh}`;
  return <Alert type="error" showIcon title={text} description={failure.value ?? undefined} style={{ marginBottom: 16 }} data-testid="import-failure" />;
}

/** Step 4: the commit job (all or nothing) with its progress, then the records created and a link to the catalogue. */
export function CommitStep({ imp, jobId, onAnother }: { imp: ImportView; jobId: string; onAnother: () => void }) {
  const { t } = useI18n();
  const { job, error: jobError } = useJob(jobId);
  const done = jobDone(job);
  const view = useAsync(() => (done ? imports.get(imp.id) : Promise.resolve(undefined)), [done, imp.id]);
  const v = view.data;
  const { reload } = view;

  useEffect(() => {
    if (v?.status !== 'committing') return;
    const timer = setTimeout(() => void reload(), 500);
    return () => clearTimeout(timer);
  }, [v, reload]);

  const another = (
    <Button key="another" onClick={onAnother} data-testid="import-another">
      {t.imports.another}
    </Button>
  );

  return (
    <Card>
      <JobProgress job={job} label={t.imports.committing} doneLabel={t.imports.committed} testId="import-commit-progress" />
      <ErrorAlert error={jobError ?? view.error} testId="import-commit-error" />
      {v?.status === 'committed' && (
        <Result
          status="success"
          title={<span data-testid="import-done">{t.imports.done(v.committedRows)}</span>}
          subTitle={t.imports.doneHint}
          extra={[
            <Link key="cat" to={`/catalogue?category=${v.categoryId}`} data-testid="import-to-catalogue">
              <Button type="primary">{t.imports.toCatalogue}</Button>
            </Link>,
            another,
          ]}
        />
      )}
      {done && v && v.status !== 'committed' && v.status !== 'committing' && (
        <>
          {v.failure && <FailureAlert failure={v.failure} />}
          <Result status="error" title={<span data-testid="import-commit-failed">{t.imports.failed}</span>} subTitle={job?.message ?? undefined} extra={[another]} />
        </>
      )}
    </Card>
  );
}
