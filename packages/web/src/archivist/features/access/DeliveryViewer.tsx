import { Alert, Button, Flex, Modal, Select, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { accessApi } from './access.api.ts';

/** Page-by-page viewer of a delivery: every page is a watermarked image made (and logged) by the server. */
export function DeliveryViewer({ token, number, onClose }: { token: string; number: string; onClose: () => void }) {
  const { t } = useI18n();
  const v = t.access.viewer;
  const m = useAsync(() => accessApi.manifest(token), [token]);
  const files = useMemo(() => (m.data?.items ?? []).flatMap((i) => i.files.map((f) => ({ ...f, label: `${i.archivalCode} · ${f.filename}` }))), [m.data]);
  const [fileId, setFileId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const file = files.find((f) => f.id === fileId) ?? files[0];
  const go = (p: number) => { setLoading(true); setPage(p); };
  return (
    <Modal open width="min(1000px, 96vw)" title={v.title(number)} footer={null} onCancel={onClose} destroyOnHidden data-testid="access-viewer">
      {m.error ? <ErrorAlert error={m.error} /> : null}
      {m.data && <>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${v.expires(m.data.expiresAt.slice(0, 16).replace('T', ' '))} · ${v.note}`} />
        {!file ? <Typography.Text>{v.noFiles}</Typography.Text> : <>
          <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
            <Select style={{ minWidth: 320 }} value={file.id} options={files.map((f) => ({ value: f.id, label: f.label }))} onChange={(id) => { setFileId(id); go(1); }} />
            <Space>
              <Button disabled={page <= 1} onClick={() => go(page - 1)}>{v.prev}</Button>
              <span data-testid="viewer-page">{v.page(page, file.pages)}</span>
              <Button disabled={page >= file.pages} onClick={() => go(page + 1)} data-testid="viewer-next">{v.next}</Button>
            </Space>
          </Flex>
          <Spin spinning={loading}>
            <img key={`${file.id}-${page}`} src={accessApi.pageUrl(token, file.id, page)} alt={v.page(page, file.pages)} onLoad={() => setLoading(false)} onError={() => setLoading(false)}
              style={{ width: '100%', border: '1px solid #ddd', userSelect: 'none' }} draggable={false} onContextMenu={(e) => e.preventDefault()} data-testid="viewer-image" />
          </Spin>
        </>}
      </>}
    </Modal>
  );
}
