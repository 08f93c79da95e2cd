import { Select, Table, Typography, type TableColumnsType } from 'antd';
import type { ImportMapping } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import type { ImportPreview } from '../../../lib/endpoints.ts';

interface Row {
  header: string;
  index: number;
  samples: string;
}

/** One row per column of the file: its header, a few sample values and the field it fills (or ignored). */
export function MappingTable({ preview, mapping, onChange }: { preview: ImportPreview; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { t } = useI18n();
  const used = new Set(Object.values(mapping).filter(Boolean));
  const rows: Row[] = preview.headers.map((header, index) => ({
    header,
    index,
    samples: preview.rows.map((r) => r[index] ?? '').filter(Boolean).slice(0, 3).join(' | '),
  }));

  const columns: TableColumnsType<Row> = [
    { title: t.imports.column, key: 'header', width: 180, render: (_, r) => <strong>{r.header}</strong> },
    {
      title: t.imports.target, key: 'target', width: 240,
      render: (_, r) => (
        <Select<string>
          value={mapping[r.header] ?? ''}
          onChange={(v) => onChange({ ...mapping, [r.header]: v || null })}
          style={{ width: 220 }}
          showSearch={{ optionFilterProp: 'label' }}
          status={mapping[r.header] ? undefined : 'warning'}
          options={[
            { value: '', label: t.imports.ignore },
            ...preview.fields.map((f) => ({
              value: f.target,
              label: f.required ? `${f.label} *` : f.label,
              disabled: used.has(f.target) && mapping[r.header] !== f.target,
            })),
          ]}
          data-testid={`map-${r.index}`}
        />
      ),
    },
    {
      title: t.imports.samples, key: 'samples',
      render: (_, r) => <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>{r.samples || '—'}</Typography.Text>,
    },
  ];

  return (
    <div data-testid="import-mapping">
      <Table<Row> rowKey="index" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
    </div>
  );
}

/** The first rows as read with the chosen encoding, each column titled with its header and the field it maps to. */
export function PreviewRows({ preview, mapping }: { preview: ImportPreview; mapping: ImportMapping }) {
  const label = (target: string | null | undefined) => preview.fields.find((f) => f.target === target)?.label;
  const columns: TableColumnsType<{ n: number; cells: string[] }> = [
    { title: '#', key: 'n', width: 48, render: (_, r) => r.n },
    ...preview.headers.map((h, i) => ({
      title: (
        <span>
          {h}
          <br />
          <Typography.Text type={mapping[h] ? 'success' : 'secondary'} style={{ fontSize: 12, fontWeight: 'normal' }}>
            {label(mapping[h]) ?? '—'}
          </Typography.Text>
        </span>
      ),
      key: String(i),
      ellipsis: true,
      width: 140,
      render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '',
    })),
  ];
  return (
    <div data-testid="import-preview">
      <Table rowKey="n" size="small" columns={columns} dataSource={preview.rows.map((cells, i) => ({ n: i + 2, cells }))} pagination={false} scroll={{ x: 'max-content' }} />
    </div>
  );
}
