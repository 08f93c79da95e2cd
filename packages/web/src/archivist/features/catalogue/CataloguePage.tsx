import { useMemo, useRef, useState } from 'react';
import { Breadcrumb, Card, Table } from 'antd';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { catalogue, type ArchivalRecord, type RecordFilter, type RecordSort } from './catalogue.api.ts';
import { ClassTree } from './ClassTree.tsx';
import { recordColumns, useVisibleColumns } from './columns.tsx';
import { RecordDrawer, type DrawerTarget } from './RecordDrawer.tsx';
import { SelectionBar } from './SelectionBar.tsx';
import { Toolbar } from './Toolbar.tsx';
import type { Selection } from './tree.ts';
import './catalogue.css';

const classFilter = (s: Selection): RecordFilter => ({
  fondsId: s.fonds.id, categoryId: s.category?.id, year: s.year, retention: s.retention, orgCode: s.orgCode,
});

/** 档案管理: the class tree on the left, the catalogue of the chosen node on the right (server-side paging, sorting, filters). */
export function CataloguePage() {
  const { t } = useI18n();
  const c = t.catalogue;
  const [sel, setSel] = useState<Selection>();
  const [filter, setFilter] = useState<RecordFilter>({});
  const [sort, setSort] = useState<{ sort: RecordSort; order: 'asc' | 'desc' }>({ sort: 'archivalCode', order: 'asc' });
  const [paging, setPaging] = useState({ page: 1, size: 20 });
  const [picked, setPicked] = useState<ArchivalRecord[]>([]);
  const [drawer, setDrawer] = useState<DrawerTarget | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const cols = useVisibleColumns();
  // Keyset paging: the cursor that starts each page reached by paging on from page 1 (same filter, sort, size);
  // a page without one (a jump) is asked for by offset. Deep in a million records a cursor page costs what page 1 does.
  const cursors = useRef({ sig: '', after: new Map<number, string>() });
  const list = useAsync(async () => {
    const sig = JSON.stringify([filter, sort, paging.size]);
    if (cursors.current.sig !== sig) cursors.current = { sig, after: new Map() };
    const known = cursors.current;
    const r = await catalogue.list(filter, sort.sort, sort.order, (paging.page - 1) * paging.size, paging.size, known.after.get(paging.page));
    if (r.nextCursor) known.after.set(paging.page + 1, r.nextCursor);
    return r;
  }, [filter, sort, paging, refreshKey]);
  const changed = () => setRefreshKey((k) => k + 1);
  const applyFilter = (f: RecordFilter) => {
    setFilter(f);
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const schemeId = sel?.category?.currentSchemeId;
  const scheme = useAsync(() => (schemeId ? catalogue.scheme(schemeId) : Promise.resolve(undefined)), [schemeId]);
  const orgNames = useMemo(() => new Map(scheme.data?.body.orgs.map((o) => [o.code, o.name])), [scheme.data]);
  const columns = recordColumns(cols.keys, {
    t, filter, sort: sort.sort, order: sort.order, orgName: (code) => orgNames.get(code) ?? code,
    onOpen: (r) => setDrawer({ mode: 'edit', id: r.id }),
  });

  return (
    <>
      <PageHeader title={c.title} testId="page-title" />
      <Breadcrumb
        style={{ margin: '-8px 0 12px' }}
        data-testid="catalogue-path"
        items={(sel ? sel.path : [c.tree.all]).map((p) => ({ title: p }))}
      />
      <div className="lantai-catalogue">
        <Card size="small" title={c.tree.title} className="lantai-catalogue-tree">
          <ClassTree
            selected={sel?.key}
            refreshKey={refreshKey}
            onSelect={(s) => {
              setSel(s);
              setPicked([]);
              applyFilter({ ...filter, ...classFilter(s) });
            }}
          />
        </Card>
        <Card size="small" className="lantai-catalogue-main">
          <Toolbar
            sel={sel}
            filter={filter}
            picked={picked}
            onSearch={(q) => applyFilter({ ...filter, q: q.trim() || undefined })}
            onCreate={(target) => setDrawer(target)}
            onChanged={changed}
            columns={cols}
          />
          <SelectionBar picked={picked} onClear={() => setPicked([])} onChanged={changed} />
          <ErrorAlert error={list.error} />
          <div data-testid="records-table">
            <Table<ArchivalRecord>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.loading}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: c.table.empty }}
              rowSelection={{
                selectedRowKeys: picked.map((r) => r.id),
                preserveSelectedRowKeys: true,
                onChange: (_keys, rows) => setPicked(rows.filter(Boolean)),
              }}
              pagination={{
                current: paging.page,
                pageSize: paging.size,
                // A capped total ("more than 10,000") must not stop paging on: the next page's cursor is known.
                total: list.data?.totalCapped ? Math.max(list.data.total, paging.page * paging.size + (list.data.nextCursor ? paging.size : 0)) : list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100, 200],
                showTotal: () => (list.data?.totalCapped ? c.table.totalMore(list.data.total) : t.common.total(list.data?.total ?? 0)),
              }}
              onChange={(p, filters, sorter, extra) => {
                if (extra.action === 'paginate') return setPaging({ page: p.current ?? 1, size: p.pageSize ?? paging.size });
                if (extra.action === 'sort') {
                  const s = Array.isArray(sorter) ? sorter[0] : sorter;
                  const key = s?.order ? (String(s.columnKey) as RecordSort) : 'archivalCode';
                  setSort({ sort: key, order: s?.order === 'descend' ? 'desc' : 'asc' });
                  return setPaging((x) => ({ ...x, page: 1 }));
                }
                // A hidden column keeps its filter; a shown one says what it is now (null: cleared).
                const pick = <K extends 'status' | 'security' | 'openStatus' | 'retention'>(k: K) =>
                  (filters[k] === undefined ? filter[k] : (filters[k]?.[0] as RecordFilter[K]) ?? undefined);
                applyFilter({ ...filter, status: pick('status'), security: pick('security'), openStatus: pick('openStatus'), retention: pick('retention') });
              }}
            />
          </div>
        </Card>
      </div>
      <RecordDrawer
        target={drawer}
        onTarget={setDrawer}
        onClose={() => setDrawer(null)}
        onChanged={changed}
      />
    </>
  );
}
