import { useState } from 'react';
import { Button, Input, Table, Tooltip, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { SchemeBody } from '@lantai/api';
import { useI18n } from '../../../i18n/index.tsx';
import { moveTo, removeAt, replaceAt } from './list-ops.ts';
import { RowTools } from './RowTools.tsx';

type Org = SchemeBody['orgs'][number];
type Row = Org & { i: number };
const ORG_CODE = /^[0-9A-Z]{1,6}$/;
const PAGE = 20;

/** 机构(问题) codes and names, in display order. */
export function OrgsEditor({ orgs, readOnly, onChange }: { orgs: Org[]; readOnly: boolean; onChange: (o: Org[]) => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const set = (i: number, patch: Partial<Org>) => onChange(replaceAt(orgs, i, patch));
  const move = (from: number, to: number) => onChange(moveTo(orgs, from, to));
  const dupes = new Set(orgs.map((o) => o.code).filter((c, i, all) => c && all.indexOf(c) !== i));

  const columns: TableColumnsType<Row> = [
    { title: '#', key: 'n', width: 48, render: (_, r) => r.i + 1 },
    {
      title: t.scheme.orgCode, key: 'code', width: 160,
      render: (_, r) => {
        if (readOnly) return <code>{r.code}</code>;
        const bad = !ORG_CODE.test(r.code) || dupes.has(r.code);
        return (
          <Tooltip title={bad && !readOnly ? t.scheme.orgCodeRule : undefined}>
            <Input
              value={r.code}
              disabled={readOnly}
              status={bad && !readOnly ? 'error' : undefined}
              maxLength={6}
              onChange={(e) => set(r.i, { code: e.target.value.toUpperCase().trim() })}
              data-testid={`org-code-${r.i}`}
            />
          </Tooltip>
        );
      },
    },
    {
      title: t.scheme.orgName, key: 'name',
      render: (_, r) => readOnly ? r.name : (
        <Input value={r.name} disabled={readOnly} maxLength={100} status={!r.name.trim() && !readOnly ? 'error' : undefined}
          onChange={(e) => set(r.i, { name: e.target.value })} data-testid={`org-name-${r.i}`} />
      ),
    },
    ...(readOnly
      ? []
      : [{
          title: '', key: 'tools', width: 120,
          render: (_: unknown, r: Row) => <RowTools index={r.i} count={orgs.length} onMove={move} onRemove={() => onChange(removeAt(orgs, r.i))} testId="org" />,
        }]),
  ];

  return (
    <>
      <div data-testid="orgs-table">
        <Table<Row>
          rowKey="i"
          size="small"
          columns={columns}
          dataSource={orgs.map((o, i) => ({ ...o, i }))}
          pagination={{ current: page, pageSize: PAGE, onChange: setPage, hideOnSinglePage: true }}
        />
      </div>
      {!readOnly && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          style={{ marginTop: 12 }}
          onClick={() => {
            onChange([...orgs, { code: '', name: '' }]);
            setPage(Math.floor(orgs.length / PAGE) + 1);
          }}
          data-testid="org-add"
        >
          {t.scheme.addOrg}
        </Button>
      )}
    </>
  );
}
