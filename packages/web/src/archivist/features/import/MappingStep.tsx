import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Select, Space, Tag } from 'antd';
import { ArrowLeftOutlined, CheckOutlined, DownloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { ImportEncoding, ImportMapping, ImportView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError, errorMessage } from '../../../lib/api.ts';
import { imports } from '../../../lib/endpoints.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { IssueList } from './IssuesTable.tsx';
import { MappingTable, PreviewRows } from './MappingTable.tsx';
import { ENCODINGS, encodingLabel } from './UploadStep.tsx';

interface Props {
  imp: ImportView;
  onBack: () => void;
  onValidating: (imp: ImportView, jobId: string) => void;
}

/** Step 2: file facts and encoding (re-read on change), the column mapping (suggested, or the 门类's template), options. */
export function MappingStep({ imp, onBack, onValidating }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const csv = imp.format === 'csv';
  const [encoding, setEncoding] = useState(imp.encoding as ImportEncoding);
  const preview = useAsync(() => imports.preview(imp.id, csv ? encoding : undefined), [imp.id, encoding]);
  const [mapping, setMapping] = useState<ImportMapping>(imp.mapping ?? {});
  const [opts, setOpts] = useState({ keepCodes: imp.keepCodes, allowSuspectText: imp.allowSuspectText, saveTemplate: true });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const p = preview.data;

  useEffect(() => {
    if (!p) return;
    // A second visit (after validating) keeps the mapping used; a first one takes the server's suggestion.
    setMapping((m) => (p.headers.every((h) => h in m) ? m : p.suggestedMapping));
    if (!imp.mapping) setOpts((o) => ({ ...o, keepCodes: p.keepCodes }));
  }, [p, imp.mapping]);

  const missing = (p?.fields ?? []).filter((f) => f.required && !Object.values(mapping).includes(f.target) && !(f.target === 'year' && Object.values(mapping).includes('docDate')));

  async function loadTemplate() {
    try {
      const tpl = await imports.getTemplate(imp.categoryId);
      setMapping((m) => ({ ...m, ...Object.fromEntries(Object.entries(tpl.mapping).filter(([h]) => h in m)) }));
      setOpts((o) => ({ ...o, keepCodes: tpl.keepCodes }));
      void message.success(t.imports.templateLoaded);
    } catch (e) {
      void message.warning(e instanceof ApiError && e.status === 404 ? t.imports.noTemplate : errorMessage(e));
    }
  }
  async function saveTemplate() {
    try {
      await imports.putTemplate(imp.categoryId, mapping, opts.keepCodes);
      void message.success(t.imports.templateSaved);
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }
  async function validate() {
    setBusy(true);
    setError(null);
    try {
      const r = await imports.validate(imp.id, { mapping, encoding: csv ? encoding : undefined, ...opts });
      onValidating(r.import, r.jobId);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const facts = [
    { key: 'file', label: t.imports.file, children: <span data-testid="import-filename">{imp.filename}</span> },
    { key: 'format', label: t.imports.format, children: imp.format.toUpperCase() },
    { key: 'size', label: t.imports.size, children: `${(imp.size / 1024).toFixed(1)} KB` },
    ...(csv ? [{ key: 'detected', label: t.imports.detected, children: <Tag data-testid="import-detected">{encodingLabel(imp.detectedEncoding)}</Tag> }] : []),
  ];

  return (
    <Card>
      <Descriptions size="small" column={{ xs: 1, md: 4 }} items={facts} style={{ marginBottom: 16 }} />
      {csv && (
        <Space style={{ marginBottom: 16 }} wrap>
          <span>{t.imports.useEncoding}:</span>
          <Select<ImportEncoding> value={encoding} onChange={setEncoding} options={ENCODINGS} style={{ width: 200 }} data-testid="import-reencode" />
          <span style={{ opacity: 0.6 }}>{t.imports.encodingHint}</span>
        </Space>
      )}
      <ErrorAlert error={error ?? preview.error} testId="import-mapping-error" />
      {p && p.warnings.length > 0 && <IssueList title={t.imports.warnings} issues={p.warnings} testId="import-warnings" />}
      {p?.fromTemplate && <Alert type="success" showIcon title={t.imports.fromTemplate} style={{ marginBottom: 16 }} />}
      {missing.length > 0 && (
        <Alert type="warning" showIcon title={t.imports.missingRequired(missing.map((f) => f.label).join('、'))} style={{ marginBottom: 16 }} data-testid="import-missing" />
      )}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <strong>{t.imports.mapping}</strong>
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={() => void loadTemplate()} data-testid="import-load-template">{t.imports.loadTemplate}</Button>
          <Button icon={<SaveOutlined />} disabled={!p} onClick={() => void saveTemplate()} data-testid="import-save-template">{t.imports.saveTemplate}</Button>
        </Space>
      </Flex>
      {p && <MappingTable preview={p} mapping={mapping} onChange={setMapping} />}
      <Flex vertical gap={8} style={{ margin: '16px 0' }}>
        <Checkbox checked={opts.keepCodes} onChange={(e) => setOpts({ ...opts, keepCodes: e.target.checked })} data-testid="import-keep-codes">{t.imports.keepCodes}</Checkbox>
        <Checkbox checked={opts.allowSuspectText} onChange={(e) => setOpts({ ...opts, allowSuspectText: e.target.checked })}>{t.imports.allowSuspect}</Checkbox>
        <Checkbox checked={opts.saveTemplate} onChange={(e) => setOpts({ ...opts, saveTemplate: e.target.checked })}>{t.imports.rememberMapping}</Checkbox>
      </Flex>
      {p && (
        <>
          <strong>{t.imports.previewRows(p.rows.length)}</strong>
          <PreviewRows preview={p} mapping={mapping} />
        </>
      )}
      <Flex justify="space-between" style={{ marginTop: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="import-back">{t.imports.back}</Button>
        <Button type="primary" icon={<CheckOutlined />} disabled={!p || missing.length > 0} loading={busy} onClick={() => void validate()} data-testid="import-validate">
          {t.imports.validate}
        </Button>
      </Flex>
    </Card>
  );
}
