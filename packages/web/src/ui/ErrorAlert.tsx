import { Alert } from 'antd';
import { ApiError } from '../lib/api.ts';
import { useI18n } from '../i18n/index.tsx';

/** Shows an API error as the server worded it, with its request ID for support and any field issues. */
export function ErrorAlert({ error, testId = 'error-alert' }: { error: unknown; testId?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  // Field issues help only for malformed input; other codes' messages already say what is wrong.
  const issues = api?.code === 'validation_failed' || api?.code === 'ingest_config_invalid' ? api.issues : [];
  const message = error instanceof Error ? error.message : t.common.unknownError;
  const extra = api && (issues.length > 0 || api.requestId) ? (
    <>
      {issues.length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
          ))}
        </ul>
      )}
      {api.requestId && (
        <small style={{ opacity: 0.65 }}>
          {t.common.requestId}: {api.requestId}
        </small>
      )}
    </>
  ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      title={<span data-testid={testId} data-code={api?.code}>{message}</span>}
      description={extra}
      style={{ marginBottom: 16 }}
    />
  );
}
