import { Button, Input, InputNumber, Select, Switch, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { CodeElement } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { dragRows, moveTo, removeAt, replaceAt } from './list-ops.ts';
import { RowTools } from './RowTools.tsx';

const FIELDS: readonly CodeElement['field'][] = ['fonds', 'category', 'year', 'retention', 'org', 'catalogueNo', 'volumeNo', 'itemNo', 'text'];
const CONNECTORS: readonly CodeElement['connector'][] = ['', '-', '·', '/', '.'];
const MAX = 12, MIN = 2;
type Row = CodeElement & { i: number };

/** The 档号 rule as an ordered list of elements: field, connector before it, zero padding, fixed text, optional. */
export function CodeRuleEditor({ rule, readOnly, onChange }: { rule: CodeElement[]; readOnly: boolean; onChange: (r: CodeElement[]) => void }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<CodeElement>) => onChange(replaceAt(rule, i, patch));
  const move = (from: number, to: number) => onChange(moveTo(rule, from, to));
  const drag = dragRows(move);

  const columns: TableColumnsType<Row> = [
    { title: '#', key: 'n', width: 40, render: (_, r) => r.i + 1 },
    {
      title: t.scheme.connector, key: 'connector', width: 110,
      render: (_, r) => readOnly ? <code style={{ fontSize: 16 }}>{r.i === 0 || !r.connector ? '—' : r.connector}</code> : (
        <Select
          value={r.connector}
          disabled={readOnly || r.i === 0}
          onChange={(connector) => set(r.i, { connector })}
          options={CONNECTORS.map((c) => ({ value: c, label: c === '' ? t.scheme.noConnector : <code style={{ fontSize: 16, fontWeight: 600 }}>{c}</code> }))}
          style={{ width: 96 }}
          data-testid={`rule-connector-${r.i}`}
        />
      ),
    },
    {
      title: t.scheme.element, key: 'field', width: 150,
      render: (_, r) => readOnly ? t.scheme.fields[r.field] : (
        <Select
          value={r.field}
          disabled={readOnly}
          onChange={(field) => set(r.i, { field, ...(field === 'text' ? {} : { text: undefined }) })}
          options={FIELDS.map((f) => ({ value: f, label: t.scheme.fields[f] }))}
          style={{ width: 136 }}
          data-testid={`rule-field-${r.i}`}
        />
      ),
    },
    {
      title: t.scheme.text, key: 'text', width: 140,
      render: (_, r) =>
        r.field === 'text' ? readOnly ? <code>{r.text}</code> : (
          <Input value={r.text ?? ''} disabled={readOnly} maxLength={20} onChange={(e) => set(r.i, { text: e.target.value })} data-testid={`rule-text-${r.i}`} />
        ) : (
          <span style={{ opacity: 0.4 }}>—</span>
        ),
    },
    {
      title: t.scheme.pad, key: 'pad', width: 100,
      render: (_, r) => readOnly ? r.pad || '—' : (
        <InputNumber min={0} max={8} precision={0} value={r.pad} disabled={readOnly} onChange={(v) => set(r.i, { pad: v ?? 0 })} style={{ width: 72 }} data-testid={`rule-pad-${r.i}`} />
      ),
    },
    {
      title: t.scheme.optional, key: 'optional', width: 90,
      render: (_, r) => readOnly ? (r.optional ? t.common.yes : t.common.no) : <Switch size="small" checked={r.optional} disabled={readOnly} onChange={(optional) => set(r.i, { optional })} data-testid={`rule-optional-${r.i}`} />,
    },
    ...(readOnly
      ? []
      : [{
          title: '', key: 'tools', width: 150,
          render: (_: unknown, r: Row) => (
            <RowTools index={r.i} count={rule.length} onMove={move} handle={drag.handle(r.i)} testId="rule"
              onRemove={rule.length > MIN ? () => onChange(removeAt(rule, r.i)) : undefined} />
          ),
        }]),
  ];

  return (
    <>
      <div data-testid="code-rule">
        <Table<Row>
          rowKey="i"
          size="small"
          columns={columns}
          dataSource={rule.map((e, i) => ({ ...e, i }))}
          pagination={false}
          onRow={(r) => (readOnly ? {} : drag.row(r.i))}
          scroll={{ x: 'max-content' }}
        />
      </div>
      {!readOnly && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          style={{ marginTop: 12 }}
          disabled={rule.length >= MAX}
          onClick={() => onChange([...rule, { field: 'text', connector: '-', pad: 0, optional: false, text: '' }])}
          data-testid="rule-add"
        >
          {t.scheme.addElement}
        </Button>
      )}
    </>
  );
}
