import { useState, type ReactElement } from 'react';
import { App, Button, Dropdown, Input, Tooltip } from 'antd';
import { DownloadOutlined, FileAddOutlined, FolderAddOutlined, OrderedListOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { errorMessage } from '../../../lib/api.ts';
import { useUser } from '../../session.tsx';
import { catalogue, links, type ArchivalRecord, type RecordFilter } from './catalogue.api.ts';
import { ColumnChooser, type useVisibleColumns } from './columns.tsx';
import { PrintModal } from './PrintModal.tsx';
import type { DrawerTarget } from './RecordDrawer.tsx';
import type { Selection } from './tree.ts';

interface Props {
  sel?: Selection;
  filter: RecordFilter;
  picked: ArchivalRecord[];
  onSearch: (q: string) => void;
  onCreate: (t: DrawerTarget) => void;
  onChanged: () => void;
  columns: ReturnType<typeof useVisibleColumns>;
}

/** Search, 著录 (by 件 or 卷), export of the current filter, printing and renumbering of the chosen class, columns. */
export function Toolbar({ sel, filter, picked, onSearch, onCreate, onChanged, columns }: Props) {
  const { t } = useI18n();
  const c = t.catalogue;
  const { modal, message } = App.useApp();
  const canManage = useUser().roles.includes('archivist');
  const [printing, setPrinting] = useState(false);
  const cat = sel?.category;
  const defaults = { year: sel?.year, retention: sel?.retention, orgCode: sel?.orgCode };
  const volume = picked.length === 1 && picked[0]?.kind === 'volume' ? picked[0] : undefined;
  const hasClass = Boolean(cat && sel?.year !== undefined && sel.retention);

  const tip = (ok: boolean, why: string, node: ReactElement) => (ok ? node : <Tooltip title={why}>{node}</Tooltip>);

  function renumber() {
    if (!sel?.category || sel.year === undefined || !sel.retention) return;
    const body = { categoryId: sel.category.id, year: sel.year, retention: sel.retention, orgCode: sel.orgCode ?? '' };
    const cls = sel.path.slice(2).join(' / ');
    modal.confirm({
      title: c.renumber.confirm(cls),
      content: <span data-testid="renumber-explain">{c.renumber.explain}</span>,
      okText: c.actions.renumber,
      cancelText: t.common.cancel,
      okButtonProps: { 'data-testid': 'renumber-ok' },
      onOk: async () => {
        try {
          const r = await catalogue.renumber(body);
          void message.success(c.renumber.done(r.changed));
          onChanged();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  }

  return (
    <div className="lantai-toolbar">
      <div className="lantai-toolbar-left">
        <Input.Search
          allowClear
          placeholder={c.table.search}
          onSearch={onSearch}
          enterButton
          data-testid="catalogue-search"
        />
        {cat?.mode === 'volume' ? (
          <>
            <Button type="primary" icon={<FolderAddOutlined />} onClick={() => onCreate({ mode: 'create', category: cat, kind: 'volume', defaults })} data-testid="record-create-volume">
              {c.actions.createVolume}
            </Button>
            {tip(Boolean(volume), c.actions.needVolume,
              <Button icon={<FileAddOutlined />} disabled={!volume} data-testid="record-create-in-volume"
                onClick={() => volume && onCreate({ mode: 'create', category: cat, kind: 'item', parent: volume, defaults })}>
                {c.actions.createInVolume}
              </Button>)}
          </>
        ) : (
          tip(Boolean(cat), c.actions.needCategory,
            <Button type="primary" icon={<PlusOutlined />} disabled={!cat} data-testid="record-create"
              onClick={() => cat && onCreate({ mode: 'create', category: cat, kind: 'item', defaults })}>
              {c.actions.create}
            </Button>)
        )}
      </div>
      <div className="lantai-toolbar-right">
        <Dropdown
          trigger={['click']}
          menu={{
            items: (['xlsx', 'csv'] as const).map((f) => ({
              key: f,
              label: <a href={links.export(filter, f)} download data-testid={`export-${f}`}>{f === 'xlsx' ? c.actions.exportXlsx : c.actions.exportCsv}</a>,
            })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="export-open">{c.actions.export}</Button>
        </Dropdown>
        {tip(hasClass, c.actions.needClass,
          <Button icon={<PrinterOutlined />} disabled={!hasClass} onClick={() => setPrinting(true)} data-testid="print-open">
            {c.actions.print}
          </Button>)}
        {canManage && tip(Boolean(sel?.lowest), c.actions.needLowestClass,
          <Button icon={<OrderedListOutlined />} disabled={!sel?.lowest} onClick={renumber} data-testid="renumber-open">
            {c.actions.renumber}
          </Button>)}
        <ColumnChooser keys={columns.keys} onChange={columns.set} onReset={columns.reset} />
      </div>
      {sel && hasClass && <PrintModal open={printing} sel={sel} onClose={() => setPrinting(false)} />}
    </div>
  );
}
