import { useState } from 'react';
import { Alert, App, Button, Space } from 'antd';
import { EditOutlined, InboxOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useUser } from '../../session.tsx';
import { BatchEditModal } from './BatchEditModal.tsx';
import { catalogue, type ArchivalRecord } from './catalogue.api.ts';

/** Batch actions on the ticked rows: 批量修改 and (档案管理员 only) 归档. */
export function SelectionBar({ picked, onClear, onChanged }: { picked: ArchivalRecord[]; onClear: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const c = t.catalogue;
  const { modal, message } = App.useApp();
  const canArchive = useUser().roles.includes('archivist');
  const [editing, setEditing] = useState(false);
  if (!picked.length) return null;
  const drafts = picked.filter((r) => r.status === 'draft');

  function archive() {
    if (!drafts.length) return void message.info(c.archive.onlyDrafts);
    modal.confirm({
      title: c.actions.archive,
      content: c.archive.confirm(drafts.length),
      okText: c.actions.archive,
      cancelText: t.common.cancel,
      okButtonProps: { 'data-testid': 'archive-ok' },
      onOk: async () => {
        try {
          const r = await catalogue.archive(drafts.map((d) => d.id));
          void message.success(c.archive.done(r.archived));
          onClear();
          onChanged();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  }

  return (
    <>
      <Alert
        type="info"
        style={{ marginBottom: 12, padding: '4px 12px' }}
        title={
          <Space wrap data-testid="selection-bar">
            <span data-testid="selection-count">{c.table.selected(picked.length)}</span>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="batch-edit-open">
              {c.actions.batchEdit}
            </Button>
            {canArchive && (
              <Button size="small" icon={<InboxOutlined />} onClick={archive} data-testid="batch-archive">
                {c.actions.archive}
              </Button>
            )}
            <Button size="small" type="link" onClick={onClear} data-testid="selection-clear">
              {c.table.clearSelection}
            </Button>
          </Space>
        }
      />
      <BatchEditModal
        open={editing}
        records={picked}
        onClose={() => setEditing(false)}
        onDone={(n) => {
          setEditing(false);
          void message.success(c.batch.done(n));
          onChanged();
        }}
      />
    </>
  );
}
