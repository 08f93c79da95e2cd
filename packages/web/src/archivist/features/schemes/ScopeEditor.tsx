import { useState } from 'react';
import { Button, Input, Select, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Retention, SchemeBody } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { removeAt, replaceAt } from './list-ops.ts';

type Entry = SchemeBody['scope'][number];
type Row = Entry & { i: number };
const PAGE = 10;

/** 归档范围 + 保管期限表: entry code, what is kept, examples, its 保管期限 and whether it is archived at all. */
export function ScopeEditor({ body, readOnly, onChange }: { body: SchemeBody; readOnly: boolean; onChange: (s: Entry[]) => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const scope = body.scope;
  const set = (i: number, patch: Partial<Entry>) => onChange(replaceAt(scope, i, patch));
  const dupes = new Set(scope.map((s) => s.code).filter((c, i, all) => all.indexOf(c) !== i));
  const retentionOptions = body.retentions.map((r) => ({ value: r, label: t.scheme.retentionNames[r] }));

  const columns: TableColumnsType<Row> = [
    {
      title: t.scheme.scopeCode, key: 'code', width: 96,
      render: (_, r) => readOnly ? <code>{r.code}</code> : (
        <Input value={r.code} disabled={readOnly} maxLength={20} status={!readOnly && (!r.code || dupes.has(r.code)) ? 'error' : undefined}
          onChange={(e) => set(r.i, { code: e.target.value.trim() })} data-testid={`scope-code-${r.i}`} />
      ),
    },
    {
      title: t.scheme.scopeTitle, key: 'title', width: 360,
      render: (_, r) => readOnly ? r.title : (
        <Input.TextArea value={r.title} disabled={readOnly} maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }}
          status={!readOnly && !r.title.trim() ? 'error' : undefined} onChange={(e) => set(r.i, { title: e.target.value })} data-testid={`scope-title-${r.i}`} />
      ),
    },
    {
      title: t.scheme.scopeExamples, key: 'examples', width: 260,
      render: (_, r) =>
        readOnly ? (
          r.examples.map((x) => <Tag key={x}>{x}</Tag>)
        ) : (
          <Select mode="tags" value={r.examples} open={false} suffixIcon={null} placeholder={t.scheme.examplesPlaceholder} style={{ width: '100%' }}
            onChange={(examples: string[]) => set(r.i, { examples })} data-testid={`scope-examples-${r.i}`} />
        ),
    },
    {
      title: t.scheme.scopeRetention, key: 'retention', width: 130,
      render: (_, r) => readOnly ? t.scheme.retentionNames[r.retention] : (
        <Select<Retention> value={r.retention} disabled={readOnly} options={retentionOptions} style={{ width: 116 }}
          status={body.retentions.includes(r.retention) ? undefined : 'error'} onChange={(retention) => set(r.i, { retention })} data-testid={`scope-retention-${r.i}`} />
      ),
    },
    {
      title: t.scheme.archivable, key: 'archivable', width: 70,
      render: (_, r) => readOnly ? (r.archivable ? t.common.yes : t.common.no) : <Switch size="small" checked={r.archivable} disabled={readOnly} onChange={(archivable) => set(r.i, { archivable })} data-testid={`scope-archivable-${r.i}`} />,
    },
    ...(readOnly
      ? []
      : [{
          title: '', key: 'remove', width: 48,
          render: (_: unknown, r: Row) => (
            <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t.scheme.remove} onClick={() => onChange(removeAt(scope, r.i))} data-testid={`scope-remove-${r.i}`} />
          ),
        }]),
  ];

  return (
    <>
      <div data-testid="scope-table">
        <Table<Row>
          rowKey="i"
          size="small"
          columns={columns}
          dataSource={scope.map((s, i) => ({ ...s, i }))}
          rowClassName={(r) => (r.archivable ? '' : 'lantai-row-off')}
          pagination={{ current: page, pageSize: PAGE, onChange: setPage, hideOnSinglePage: true, showTotal: t.common.total }}
          scroll={{ x: 'max-content' }}
        />
      </div>
      {!readOnly && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          style={{ marginTop: 12 }}
          disabled={scope.length >= 2000}
          onClick={() => {
            onChange([...scope, { code: '', title: '', examples: [], retention: body.retentions[0] ?? 'Y', archivable: true }]);
            setPage(Math.floor(scope.length / PAGE) + 1);
          }}
          data-testid="scope-add"
        >
          {t.scheme.addScope}
        </Button>
      )}
    </>
  );
}
