import { useState } from 'react';
import { Alert, App, Button, Space } from 'antd';
import { CloudSyncOutlined, SafetyOutlined } from '@ant-design/icons';
import type { AuditVerifyResult } from '@lantai/api';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { audit } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';

/** 校验: checks the whole hash chain now (or as a background job) and says so, or names the first bad row. */
export function VerifyPanel({ onResult }: { onResult?: (r: AuditVerifyResult | null) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    setError(null);
    setResult(null);
    onResult?.(null);
    try {
      const r = await audit.verify();
      setResult(r);
      onResult?.(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function verifyJob() {
    try {
      await audit.verifyJob();
      void message.success(t.audit.verifyJobStarted);
      void navigate('/jobs');
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  return (
    <div style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: result || error ? 12 : 0 }}>
        <Button type="primary" icon={<SafetyOutlined />} loading={busy} onClick={() => void verify()} data-testid="audit-verify">
          {t.audit.verify}
        </Button>
        <Button icon={<CloudSyncOutlined />} onClick={() => void verifyJob()} data-testid="audit-verify-job">
          {t.audit.verifyJob}
        </Button>
      </Space>
      <ErrorAlert error={error} testId="audit-verify-error" />
      {result &&
        (result.ok ? (
          <Alert type="success" showIcon title={<span data-testid="audit-verify-ok">{t.audit.verifyOk(result.checked)}</span>} />
        ) : (
          <Alert
            type="error"
            showIcon
            title={
              <span data-testid="audit-verify-bad" style={{ color: '#cf1322', fontWeight: 600 }}>
                {result.firstBad
                  ? t.audit.verifyBad(result.firstBad.seq, t.audit.reasons[result.firstBad.reason])
                  : t.audit.verifyBad(result.headSeq, '')}
              </span>
            }
          />
        ))}
    </div>
  );
}
