import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Progress, Select, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { CategoryPicker, useCategoryContext } from '../fonds/CategoryPicker.tsx';
import { ingest, uploadPackage } from './ingest.client.ts';

/** Upload a package in chunks (with progress), then start its check run. */
export function UploadPanel({ onStarted, initialCategory = null }: { onStarted: (runId: string) => void; initialCategory?: string | null }) {
  const { t } = useI18n();
  const [categoryId, setCategoryId] = useState<string | null>(initialCategory);
  const ctx = useCategoryContext(categoryId);
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState('GD');
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [retention, setRetention] = useState<string>('D10');
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function start() {
    if (!file || !categoryId) return;
    setError(null);
    setProgress(0);
    try {
      const up = await uploadPackage(file, (sent, total) => setProgress(Math.floor((100 * sent) / total)));
      const run = await ingest.createRun({ uploadId: up.id, categoryId, stage, defaults: { ...(year ? { year } : {}), retention, ...(orgCode ? { orgCode } : {}) } });
      onStarted(run.id);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }

  return (
    <Form layout="vertical" data-testid="ingest-upload">
      <Alert type="info" showIcon title={t.ingest.intro} style={{ marginBottom: 16 }} />
      <ErrorAlert error={error ?? ctx.error} testId="ingest-upload-error" />
      <Form.Item label={t.ingest.category} required>
        <CategoryPicker categoryId={categoryId} fondsId={ctx.data?.fonds.id} onChange={setCategoryId} />
      </Form.Item>
      <Form.Item label={t.ingest.stage}>
        <Select value={stage} onChange={setStage} style={{ width: 220 }} options={(['GD', 'YJ', 'CQ'] as const).map((s) => ({ value: s, label: t.ingest.stages[s] }))} />
      </Form.Item>
      <Form.Item label={t.ingest.defaultsHint}>
        <InputNumber addonBefore={t.ingest.year} value={year} onChange={setYear} min={1000} max={2999} style={{ width: 200, marginRight: 8 }} />
        <Select value={retention} onChange={setRetention} style={{ width: 140, marginRight: 8 }} options={['Y', 'D30', 'D10'].map((r) => ({ value: r, label: `${t.ingest.retention} ${r}` }))} />
        <Input placeholder={t.ingest.org} value={orgCode} onChange={(e) => setOrgCode(e.target.value.toUpperCase() || undefined)} style={{ width: 160 }} data-testid="ingest-org" />
      </Form.Item>
      <Form.Item label={t.ingest.chooseFile} required>
        <Upload.Dragger accept=".zip,.eep,.xml" multiple={false} maxCount={1}
          fileList={file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done' }] : []}
          beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>{t.ingest.chooseFile}</p>
        </Upload.Dragger>
      </Form.Item>
      {progress !== null && <Progress percent={progress} data-testid="ingest-upload-progress" />}
      <Button type="primary" disabled={!file || !categoryId || progress !== null} loading={progress !== null} onClick={start} data-testid="ingest-start">{t.ingest.start}</Button>
    </Form>
  );
}
