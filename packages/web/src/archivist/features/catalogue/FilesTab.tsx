import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, Upload, type TableColumnsType } from 'antd';
import { DeleteOutlined, DownloadOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import { catalogue, links, type ArchivalRecord, type RecordFile } from './catalogue.api.ts';

export function fmtSize(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

const Digest = ({ name, value }: { name: string; value: string }) => (
  <Tooltip title={<code style={{ wordBreak: 'break-all' }}>{value}</code>}>
    <Typography.Text code style={{ fontSize: 12 }}>{name} {value.slice(0, 10)}…</Typography.Text>
  </Tooltip>
);

/** 电子文件: upload (multipart), download and inline view, delete while the record is a draft. */
export function FilesTab({ record }: { record: ArchivalRecord }) {
  const { t } = useI18n();
  const c = t.catalogue.files;
  const { message } = App.useApp();
  const canManage = useUser().roles.includes('archivist');
  const files = useAsync(() => catalogue.files(record.id), [record.id]);
  const [uploading, setUploading] = useState(false);
  const draft = record.status === 'draft';
  const canUpload = draft || canManage;

  async function remove(f: RecordFile) {
    try {
      await catalogue.deleteFile(record.id, f.id);
      void message.success(c.deleted);
      await files.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  const columns: TableColumnsType<RecordFile> = [
    {
      title: c.filename, key: 'filename',
      render: (_, f) => <a href={links.fileContent(record.id, f.id)} download data-testid={`file-${f.filename}`}>{f.filename}</a>,
    },
    { title: c.role, key: 'role', render: (_, f) => <Tag>{c.roles[f.role]}</Tag> },
    { title: c.mime, dataIndex: 'mime', key: 'mime', render: (m: string) => <Typography.Text type="secondary">{m}</Typography.Text> },
    { title: c.size, key: 'size', align: 'right', render: (_, f) => fmtSize(f.size) },
    { title: c.digest, key: 'digest', render: (_, f) => <Space orientation="vertical" size={0}><Digest name="SHA-256" value={f.sha256} /><Digest name="SM3" value={f.sm3} /></Space> },
    { title: c.createdAt, key: 'createdAt', render: (_, f) => <span style={{ whiteSpace: 'nowrap' }}>{fmtTime(f.createdAt)}<br /><Typography.Text type="secondary">{f.createdBy}</Typography.Text></span> },
    {
      title: t.common.actions, key: 'actions',
      render: (_, f) => (
        <Space size={0}>
          <Tooltip title={c.view}><Button type="link" size="small" icon={<EyeOutlined />} href={links.fileContent(record.id, f.id, true)} target="_blank" /></Tooltip>
          <Tooltip title={c.download}><Button type="link" size="small" icon={<DownloadOutlined />} href={links.fileContent(record.id, f.id)} download /></Tooltip>
          {draft ? (
            <Popconfirm title={c.deleteConfirm(f.filename)} okText={t.common.ok} cancelText={t.common.cancel} onConfirm={() => void remove(f)}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid={`file-delete-${f.filename}`} />
            </Popconfirm>
          ) : (
            <Tooltip title={c.archivedNoDelete}><Button type="link" size="small" disabled icon={<DeleteOutlined />} /></Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="files-tab">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t.common.total(files.data?.items.length ?? 0)}</Typography.Text>
        {canUpload && (
          <span data-testid="file-upload"><Upload
            showUploadList={false}
            multiple={false}
            customRequest={({ file, onSuccess, onError }) => {
              setUploading(true);
              catalogue.uploadFile(record.id, file as File).then(
                (r) => {
                  onSuccess?.(r);
                  void message.success(c.uploaded(r.filename));
                  void files.reload();
                },
                (e: Error) => {
                  onError?.(e);
                  void message.error(errorMessage(e));
                },
              ).finally(() => setUploading(false));
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} loading={uploading} data-testid="file-upload-button">{c.upload}</Button>
          </Upload></span>
        )}
      </Flex>
      <ErrorAlert error={files.error} />
      <Table<RecordFile>
        rowKey="id" size="small" columns={columns} dataSource={files.data?.items ?? []} loading={files.loading}
        pagination={false} locale={{ emptyText: c.empty }} scroll={{ x: 'max-content' }} data-testid="files-table"
      />
    </div>
  );
}
