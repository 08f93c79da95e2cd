import { useState } from 'react';
import { Alert, App, Button, Card, Input, Modal, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Category, Scheme } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { starterBody } from '../../../lib/archival-code.ts';
import { schemes } from '../../../lib/endpoints.ts';
import { fmtTime } from '../../../lib/format.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import './schemes.css';

export const STATUS_COLORS: Record<Scheme['status'], string> = { draft: 'orange', approved: 'green', retired: 'default' };

interface Props {
  items: readonly Scheme[];
  loading: boolean;
  selectedId: string | undefined;
  category: Category;
  canManage: boolean;
  onSelect: (id: string) => void;
  onCreated: (s: Scheme) => void;
}

/** The versions of a 门类's scheme (草稿 / 现行 / 已停用, who drafted and approved, when) and 新建草稿. */
export function SchemeVersions({ items, loading, selectedId, category, canManage, onSelect, onCreated }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const current = items.find((s) => s.status === 'approved');
  const hasDraft = items.some((s) => s.status === 'draft');

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const s = await schemes.createDraft(category.id, note.trim(), current ? undefined : starterBody(category.mode));
      setOpen(false);
      setNote('');
      void message.success(t.scheme.draftCreated);
      onCreated(s);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<Scheme> = [
    { title: t.scheme.version, key: 'version', render: (_, s) => <strong>{t.scheme.v(s.version)}</strong> },
    {
      title: t.scheme.status, key: 'status',
      render: (_, s) => <Tag color={STATUS_COLORS[s.status]} data-testid={`scheme-status-v${s.version}`}>{t.scheme.statuses[s.status]}</Tag>,
    },
    { title: t.scheme.createdBy, dataIndex: 'createdBy', key: 'createdBy' },
    { title: t.scheme.createdAt, key: 'createdAt', render: (_, s) => fmtTime(s.createdAt) },
    { title: t.scheme.approvedBy, key: 'approvedBy', render: (_, s) => <span data-testid={`scheme-approver-v${s.version}`}>{s.approvedBy ?? '—'}</span> },
    { title: t.scheme.approvedAt, key: 'approvedAt', render: (_, s) => fmtTime(s.approvedAt) },
    { title: t.scheme.note, key: 'note', render: (_, s) => s.note || '—' },
    {
      title: t.common.actions, key: 'actions',
      render: (_, s) =>
        s.id === selectedId ? (
          <Tag color="blue">{t.scheme.viewing}</Tag>
        ) : (
          <Button type="link" size="small" onClick={() => onSelect(s.id)} data-testid={`scheme-view-v${s.version}`}>
            {t.scheme.view}
          </Button>
        ),
    },
  ];

  return (
    <Card
      title={`${t.scheme.versions} · ${category.code} ${category.name}`}
      style={{ marginBottom: 16 }}
      extra={
        canManage && (
          <Tooltip title={hasDraft ? t.scheme.draftExists : undefined}>
            <Button type="primary" icon={<PlusOutlined />} disabled={hasDraft} onClick={() => setOpen(true)} data-testid="scheme-new-draft">
              {t.scheme.newDraft}
            </Button>
          </Tooltip>
        )
      }
    >
      <div data-testid="scheme-versions">
        <Table<Scheme>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={[...items]}
          loading={loading}
          pagination={false}
          locale={{ emptyText: t.scheme.noVersions }}
          rowClassName={(s) => (s.id === selectedId ? 'lantai-row-current' : '')}
          scroll={{ x: 'max-content' }}
        />
      </div>
      <Modal
        open={open}
        title={t.scheme.newDraft}
        okText={t.common.create}
        cancelText={t.common.cancel}
        onOk={() => void create()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'scheme-draft-submit' }}
      >
        <Alert type="info" showIcon title={current ? t.scheme.newDraftCopy(current.version) : t.scheme.newDraftStarter} style={{ marginBottom: 16 }} />
        <ErrorAlert error={error} testId="scheme-draft-error" />
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t.scheme.note} maxLength={2000} autoSize={{ minRows: 2 }} data-testid="scheme-draft-note" />
      </Modal>
    </Card>
  );
}
