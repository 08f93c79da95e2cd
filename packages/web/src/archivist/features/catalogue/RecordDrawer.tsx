import { useEffect, useMemo, useState } from 'react';
import { App, Button, Descriptions, Drawer, Popconfirm, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, InboxOutlined } from '@ant-design/icons';
import { ERROR_MESSAGES } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { ApiError, apiSettings, errorMessage } from '../../../lib/api.ts';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { useUser } from '../../session.tsx';
import { catalogue, type ArchivalRecord, type Category, type Retention } from './catalogue.api.ts';
import { STATUS_COLORS } from './columns.tsx';
import { FilesTab } from './FilesTab.tsx';
import { HistoryTab } from './HistoryTab.tsx';
import { AipPanel } from '../aip/AipPanel.tsx';
import { RecordForm } from './RecordForm.tsx';
import { VolumeItemsTab } from './VolumeItemsTab.tsx';

export type DrawerTarget =
  | { mode: 'edit'; id: string }
  | { mode: 'create'; category: Category; kind: 'item' | 'volume'; parent?: ArchivalRecord; defaults: { year?: number; retention?: Retention; orgCode?: string } };

async function load(target: DrawerTarget) {
  const record = target.mode === 'edit' ? await catalogue.get(target.id) : undefined;
  const category = target.mode === 'edit' ? await catalogue.category(record!.categoryId) : target.category;
  const schemeId = record?.schemeId ?? category.currentSchemeId;
  if (!schemeId) throw new ApiError(409, 'no_approved_scheme', ERROR_MESSAGES.no_approved_scheme[apiSettings.lang]);
  return { record, category, scheme: await catalogue.scheme(schemeId) };
}

/** One record: create or edit its description; for a saved one also its files, history and (卷) its items. */
export function RecordDrawer({ target, onTarget, onClose, onChanged }: { target: DrawerTarget | null; onTarget: (t: DrawerTarget) => void; onClose: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  const c = t.catalogue;
  const { modal, message } = App.useApp();
  const canManage = useUser().roles.includes('archivist');
  const ctx = useAsync(() => (target ? load(target) : Promise.resolve(undefined)), [target]);
  const [record, setRecord] = useState<ArchivalRecord>();
  useEffect(() => setRecord(ctx.data?.record), [ctx.data]);
  const [tab, setTab] = useState('form');
  useEffect(() => setTab('form'), [target]);

  const create = target?.mode === 'create' ? target : undefined;
  // A new 件 in a 卷 starts from the 卷's class; a new record from the class chosen in the tree.
  const initial = useMemo(() => record ?? {
    ...(create?.parent ? { year: create.parent.year, retention: create.parent.retention, orgCode: create.parent.orgCode, security: create.parent.security } : {}),
    ...Object.fromEntries(Object.entries(create?.defaults ?? {}).filter(([, v]) => v !== undefined)),
  }, [record, create]);
  const title = record
    ? <Space><Typography.Text code data-testid="record-code">{record.archivalCode}</Typography.Text>{c.drawer.edit}</Space>
    : create?.parent ? c.drawer.newInVolume(create.parent.archivalCode) : create?.kind === 'volume' ? c.drawer.newVolume : c.drawer.newItem;

  const reload = async () => {
    if (!record) return;
    setRecord(await catalogue.get(record.id));
    void message.info(c.drawer.reloaded);
  };
  function archive() {
    if (!record) return;
    modal.confirm({
      title: c.actions.archive, content: c.archive.confirm(1), okText: c.actions.archive, cancelText: t.common.cancel,
      okButtonProps: { 'data-testid': 'archive-ok' },
      onOk: async () => {
        try {
          await catalogue.archive([record.id]);
          setRecord(await catalogue.get(record.id));
          void message.success(c.archive.done(1));
          onChanged();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  }
  async function remove() {
    if (!record) return;
    try {
      await catalogue.remove(record.id);
      void message.success(c.drawer.deleted);
      onChanged();
      onClose();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  }

  const data = ctx.data;
  const form = data && (
    <RecordForm
      category={data.category} scheme={data.scheme} initial={initial} archived={record?.status === 'archived'} onReload={reload}
      save={async (fields) => {
        if (record) {
          const r = await catalogue.update(record.id, { ...fields, version: record.version });
          setRecord(r);
          void message.success(c.drawer.saved);
        } else if (create) {
          const r = await catalogue.create({ ...fields, categoryId: create.category.id, kind: create.kind, ...(create.parent ? { parentId: create.parent.id } : {}) });
          void message.success(c.drawer.created(r.archivalCode));
          onTarget({ mode: 'edit', id: r.id });
        }
        onChanged();
      }}
    />
  );

  return (
    <Drawer
      open={Boolean(target)} onClose={onClose} size={880} destroyOnHidden title={title}
      extra={record && record.status === 'draft' && (
        <Space>
          <Popconfirm title={c.drawer.deleteConfirm} okText={t.common.ok} cancelText={t.common.cancel} onConfirm={() => void remove()}>
            <Button danger icon={<DeleteOutlined />} data-testid="record-delete">{c.actions.delete}</Button>
          </Popconfirm>
          {canManage && <Button icon={<InboxOutlined />} onClick={archive} data-testid="record-archive">{c.actions.archive}</Button>}
        </Space>
      )}
      rootClassName="lantai-record-drawer"
    >
      <div data-testid="record-drawer">
        <ErrorAlert error={ctx.error} testId="record-load-error" />
        {ctx.loading && !data ? <Spin /> : (
          <>
            <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }} items={[
              { key: 'code', label: c.fields.archivalCode, span: 2, children: record ? <Typography.Text strong data-testid="record-code-value">{record.archivalCode}</Typography.Text> : <Typography.Text type="secondary">{c.drawer.codeAssigned}</Typography.Text> },
              { key: 'status', label: c.fields.status, children: <Tag color={STATUS_COLORS[record?.status ?? 'draft']} data-testid="record-status">{c.status[record?.status ?? 'draft']}</Tag> },
              ...(data ? [{ key: 'cat', label: c.fields.category, span: 2, children: c.categoryLabel(data.category.name, data.category.code, c.kind[record?.kind ?? create?.kind ?? 'item']) }] : []),
              ...(record ? [{ key: 'by', label: c.fields.createdBy, children: `${record.createdBy} · ${fmtTime(record.createdAt).slice(0, 10)}` }] : []),
            ]} />
            {record ? (
              <Tabs activeKey={tab} onChange={setTab} items={[
                { key: 'form', label: <span data-testid="tab-form">{c.drawer.tabForm}</span>, children: form },
                { key: 'files', label: <span data-testid="tab-files">{c.drawer.tabFiles}</span>, children: <FilesTab record={record} /> },
                { key: 'history', label: <span data-testid="tab-history">{c.drawer.tabHistory}</span>, children: <HistoryTab record={record} extraFields={data?.category.extraFields} /> },
                ...(!record.parentId ? [{ key: 'aip', label: <span data-testid="tab-aip">{t.aip.tab}</span>, children: <AipPanel record={record} /> }] : []),
                ...(record.kind === 'volume' && data ? [{ key: 'items', label: <span data-testid="tab-items">{c.drawer.tabItems}</span>,
                  children: <VolumeItemsTab record={record} onOpen={(id) => onTarget({ mode: 'edit', id })} onAdd={() => onTarget({ mode: 'create', category: data.category, kind: 'item', parent: record, defaults: {} })} /> }] : []),
              ]} />
            ) : form}
          </>
        )}
      </div>
    </Drawer>
  );
}
