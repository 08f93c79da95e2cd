import { useState, type ReactNode } from 'react';
import { Button, Checkbox, Popover, Tag, Tooltip, type TableColumnsType } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { Dict } from '../../../i18n/index.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { CLEARANCES } from '../../../lib/roles.ts';
import { ClearanceTag } from '../../../ui/RoleTags.tsx';
import type { ArchivalRecord, RecordFilter, RecordSort, Retention } from './catalogue.api.ts';

export const COLUMN_KEYS = [
  'archivalCode', 'title', 'responsible', 'docNumber', 'docDate', 'year', 'retention', 'orgCode', 'security', 'pages',
  'openStatus', 'status', 'kind', 'subjects', 'remarks', 'updatedAt', 'createdBy',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];
const DEFAULT: ColumnKey[] = ['archivalCode', 'title', 'responsible', 'docDate', 'retention', 'security', 'openStatus', 'status'];
const SORTABLE: Partial<Record<ColumnKey, RecordSort>> = { archivalCode: 'archivalCode', title: 'title', docDate: 'docDate', year: 'year', updatedAt: 'updatedAt' };
const STORAGE_KEY = 'lantai.catalogue.columns';
export const STATUS_COLORS = { draft: 'gold', archived: 'green' } as const;

/** The visible columns, kept in localStorage; 档号 and 题名 are always shown. */
export function useVisibleColumns() {
  const [keys, setKeys] = useState<ColumnKey[]>(() => {
    try {
      const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
      if (Array.isArray(v)) return COLUMN_KEYS.filter((k) => v.includes(k));
    } catch {
      /* unreadable: defaults */
    }
    return DEFAULT;
  });
  const set = (next: ColumnKey[]) => {
    const ordered = COLUMN_KEYS.filter((k) => next.includes(k) || k === 'archivalCode' || k === 'title');
    setKeys(ordered);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(ordered));
    } catch {
      /* private mode */
    }
  };
  return { keys, set, reset: () => set(DEFAULT) };
}

export function ColumnChooser({ keys, onChange, onReset }: { keys: ColumnKey[]; onChange: (k: ColumnKey[]) => void; onReset: () => void }) {
  const { t } = useI18n();
  const f = t.catalogue.fields;
  const content = (
    <div style={{ width: 300 }} data-testid="column-chooser">
      <Checkbox.Group<ColumnKey>
        value={keys}
        onChange={onChange}
        style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 6 }}
        options={COLUMN_KEYS.map((k) => ({ value: k, label: <span data-testid={`column-toggle-${k}`}>{f[k]}</span>, disabled: k === 'archivalCode' || k === 'title' }))}
      />
      <Button size="small" type="link" onClick={onReset} style={{ padding: 0, marginTop: 8 }}>
        {t.catalogue.table.columnsReset}
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" title={t.catalogue.table.columns} content={content}>
      <Tooltip title={t.catalogue.table.columns}>
        <Button icon={<SettingOutlined />} aria-label={t.catalogue.table.columns} data-testid="column-chooser-open" />
      </Tooltip>
    </Popover>
  );
}

interface ColumnCtx {
  t: Dict;
  filter: RecordFilter;
  sort: RecordSort;
  order: 'asc' | 'desc';
  orgName: (code: string) => string;
  onOpen: (r: ArchivalRecord) => void;
}

/** Column definitions; sorting and filters are the server's (controlled from the page state). */
export function recordColumns(keys: readonly ColumnKey[], x: ColumnCtx): TableColumnsType<ArchivalRecord> {
  const c = x.t.catalogue;
  const opts = <K extends string>(values: readonly K[], label: (v: K) => string) => values.map((v) => ({ value: v, text: label(v) }));
  const filters: Partial<Record<ColumnKey, { value: string; text: string }[]>> = {
    retention: opts(['Y', 'D30', 'D10', 'C', 'D'] as Retention[], (r) => c.retention[r]),
    security: opts(CLEARANCES, (s) => x.t.clearance[s]),
    openStatus: opts(['unreviewed', 'open', 'controlled', 'deferred'] as const, (s) => c.openStatus[s]),
    status: opts(['draft', 'archived'] as const, (s) => c.status[s]),
  };
  const render: Partial<Record<ColumnKey, (r: ArchivalRecord) => ReactNode>> = {
    archivalCode: (r) => <span style={{ whiteSpace: 'nowrap' }}>{r.archivalCode}</span>,
    title: (r) => (
      <a onClick={() => x.onOpen(r)} data-testid={`record-open-${r.archivalCode}`}>
        {r.kind === 'volume' && <Tag color="purple">{c.kind.volume}</Tag>}
        {r.parentId && <span className="lantai-in-volume">└</span>}
        {r.title}
      </a>
    ),
    retention: (r) => c.retention[r.retention],
    orgCode: (r) => (r.orgCode ? x.orgName(r.orgCode) : '—'),
    security: (r) => <ClearanceTag clearance={r.security} />,
    openStatus: (r) => c.openStatus[r.openStatus],
    status: (r) => <Tag color={STATUS_COLORS[r.status]}>{c.status[r.status]}</Tag>,
    kind: (r) => c.kind[r.kind],
    subjects: (r) => r.subjects.map((s) => <Tag key={s}>{s}</Tag>),
    updatedAt: (r) => fmtTime(r.updatedAt),
    pages: (r) => r.pages ?? '—',
  };
  const width: Partial<Record<ColumnKey, number>> = { title: 280, responsible: 150, docDate: 96, year: 70, pages: 64, status: 84, kind: 64, remarks: 200 };
  // 档号 stays on the left and 状态 on the right while the columns between scroll.
  const fixed: Partial<Record<ColumnKey, 'left' | 'right'>> = { archivalCode: 'left', status: 'right' };
  return keys.map((k) => {
    const fv = x.filter[k as keyof RecordFilter];
    return {
      key: k,
      title: c.fields[k],
      dataIndex: k,
      width: width[k],
      fixed: fixed[k],
      ellipsis: k === 'remarks' || k === 'responsible',
      render: render[k] ? (_: unknown, r: ArchivalRecord) => render[k]!(r) : (v: unknown) => (v === '' || v == null ? '—' : String(v)),
      ...(SORTABLE[k] ? { sorter: true, sortOrder: x.sort === SORTABLE[k] ? (x.order === 'asc' ? 'ascend' : 'descend') : null } : {}),
      ...(filters[k] ? { filters: filters[k], filterMultiple: false, filteredValue: fv !== undefined && fv !== '' ? [String(fv)] : null } : {}),
    };
  });
}
