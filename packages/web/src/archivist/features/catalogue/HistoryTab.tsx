import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ExtraField } from '@lantai/api';
import type { Dict } from '../../../i18n/index.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { catalogue, type ArchivalRecord, type RecordVersion } from './catalogue.api.ts';

const COMPARED = [
  'archivalCode', 'status', 'title', 'responsible', 'docNumber', 'docDate', 'year', 'retention', 'orgCode', 'catalogueNo',
  'security', 'secrecyPeriod', 'pages', 'openStatus', 'remarks', 'subjects', 'scopeCode',
] as const;
const ACTION_COLORS: Record<string, string> = { create: 'blue', import: 'cyan', update: 'default', reclassify: 'orange', archive: 'green', batch: 'geekblue', renumber: 'purple' };

export interface Change {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** The fields that differ between two snapshots of a record, as words of the UI language. */
export function diff(prev: Record<string, unknown>, next: Record<string, unknown>, t: Dict, extra: readonly ExtraField[]): Change[] {
  const c = t.catalogue;
  const show = (k: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (k === 'retention') return c.retention[v as keyof typeof c.retention] ?? String(v);
    if (k === 'security') return t.clearance[v as keyof typeof t.clearance] ?? String(v);
    if (k === 'openStatus') return c.openStatus[v as keyof typeof c.openStatus] ?? String(v);
    if (k === 'status') return c.status[v as keyof typeof c.status] ?? String(v);
    if (Array.isArray(v)) return v.length ? v.join('、') : '—';
    return String(v);
  };
  const out: Change[] = [];
  for (const k of COMPARED) {
    if (JSON.stringify(prev[k] ?? null) !== JSON.stringify(next[k] ?? null)) out.push({ field: k, label: c.fields[k], from: show(k, prev[k]), to: show(k, next[k]) });
  }
  const pe = (prev.extra ?? {}) as Record<string, unknown>;
  const ne = (next.extra ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(pe), ...Object.keys(ne)])) {
    if (JSON.stringify(pe[k] ?? null) !== JSON.stringify(ne[k] ?? null)) {
      out.push({ field: `extra.${k}`, label: extra.find((x) => x.key === k)?.label ?? k, from: show(k, pe[k]), to: show(k, ne[k]) });
    }
  }
  return out;
}

/** 修改历史: every version with who and when, and what changed against the version before. */
export function HistoryTab({ record, extraFields = [] }: { record: ArchivalRecord; extraFields?: readonly ExtraField[] }) {
  const { t, lang } = useI18n();
  const h = t.catalogue.history;
  const list = useAsync(() => catalogue.history(record.id), [record.id, record.version]);
  const items = list.data?.items ?? [];
  const byVersion = new Map(items.map((v) => [v.version, v]));
  const rows = [...items].reverse();

  const columns: TableColumnsType<RecordVersion> = [
    { title: h.version, key: 'version', width: 64, render: (_, v) => `v${v.version}` },
    { title: h.action, key: 'action', width: 110, render: (_, v) => <Tag color={ACTION_COLORS[v.action]} data-testid={`history-action-${v.version}`}>{h.actions[v.action] ?? v.action}</Tag> },
    { title: h.actor, dataIndex: 'actor', key: 'actor', width: 110 },
    { title: h.at, key: 'at', width: 170, render: (_, v) => fmtTime(v.at) },
    {
      title: h.changes, key: 'changes',
      render: (_, v) => {
        const prev = [...byVersion.keys()].filter((n) => n < v.version).sort((a, b) => b - a)[0];
        if (prev === undefined) return <Typography.Text type="secondary">{h.first}</Typography.Text>;
        const changes = diff(byVersion.get(prev)!.data, v.data, t, extraFields);
        if (!changes.length) return <Typography.Text type="secondary">{h.noChange}</Typography.Text>;
        return (
          <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid={`history-diff-${v.version}`}>
            {changes.map((ch) => (
              <li key={ch.field}>
                <b>{ch.label}</b>{lang === 'zh' ? '：' : ': '}<span className="lantai-diff-old">{ch.from}</span> → <span className="lantai-diff-new">{ch.to}</span>
              </li>
            ))}
          </ul>
        );
      },
    },
  ];

  return (
    <div data-testid="history-tab">
      <ErrorAlert error={list.error} />
      <Table<RecordVersion>
        rowKey="version" size="small" columns={columns} dataSource={rows} loading={list.loading}
        pagination={rows.length > 20 ? { pageSize: 20 } : false} locale={{ emptyText: h.empty }}
      />
    </div>
  );
}
