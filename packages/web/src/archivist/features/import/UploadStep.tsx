import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Select, Upload } from 'antd';
import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import type { ImportEncoding, ImportView } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { imports } from '../../../lib/endpoints.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { CategoryPicker, useCategoryContext } from '../fonds/CategoryPicker.tsx';

export const ENCODINGS: { value: ImportEncoding; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' }, { value: 'gb18030', label: 'GB18030 / GBK' }, { value: 'gbk', label: 'GBK' },
  { value: 'big5', label: 'Big5' }, { value: 'utf-16le', label: 'UTF-16LE' }, { value: 'utf-16be', label: 'UTF-16BE' },
];
export const encodingLabel = (e: string) => ENCODINGS.find((x) => x.value === e)?.label ?? e;

interface Props {
  categoryId: string | null;
  onCategory: (id: string | null) => void;
  onUploaded: (imp: ImportView) => void;
}

/** Step 1: the 门类 to import into, the file (xlsx or csv) and, for a csv, optionally its encoding. */
export function UploadStep({ categoryId, onCategory, onUploaded }: Props) {
  const { t } = useI18n();
  const ctx = useCategoryContext(categoryId);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<ImportEncoding | ''>('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function upload() {
    if (!categoryId || !file) return;
    setBusy(true);
    setError(null);
    try {
      onUploaded(await imports.upload(categoryId, file, encoding || undefined));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <Alert type="info" showIcon title={t.imports.intro} style={{ marginBottom: 16 }} data-testid="import-all-or-nothing" />
      <ErrorAlert error={error ?? ctx.error} testId="import-upload-error" />
      <Form layout="vertical">
        <Form.Item label={t.fonds.categories} required>
          <CategoryPicker categoryId={categoryId} fondsId={ctx.data?.fonds.id} onChange={onCategory} />
        </Form.Item>
        <Form.Item label={t.imports.file} required extra={t.imports.fileHint}>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            fileList={file ? [{ uid: 'f', name: file.name, size: file.size, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              return false; // sent by our own request with the 门类, not by antd
            }}
            onRemove={() => setFile(null)}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t.imports.pickFile}</p>
          </Upload.Dragger>
        </Form.Item>
        <Form.Item label={t.imports.encoding}>
          <Select<ImportEncoding | ''>
            value={encoding}
            onChange={setEncoding}
            style={{ width: 220 }}
            options={[{ value: '', label: t.imports.autoEncoding }, ...ENCODINGS]}
            data-testid="import-encoding"
          />
        </Form.Item>
      </Form>
      <Flex justify="flex-end">
        <Button type="primary" icon={<UploadOutlined />} disabled={!categoryId || !file} loading={busy} onClick={() => void upload()} data-testid="import-upload">
          {t.imports.upload}
        </Button>
      </Flex>
    </Card>
  );
}
