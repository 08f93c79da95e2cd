import { useEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import { Empty, Spin, Tree, type TreeDataNode } from 'antd';
import { FolderOutlined, DatabaseOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { catalogue, type Category, type TreeCounts } from './catalogue.api.ts';
import { classNodes, type ClassNode, type Selection } from './tree.ts';

const title = (label: ReactNode, count: number | undefined, testId: string) => (
  <span className="lantai-tree-title" data-testid={testId}>
    <span className="lantai-tree-label" title={typeof label === 'string' ? label : undefined}>{label}</span>
    {count !== undefined && <span className="lantai-tree-count">{count}</span>}
  </span>
);

/** 全宗 → 门类 → the classes of the scheme's classOrder, with record counts; 门类 and counts load on expanding. */
export function ClassTree({ selected, onSelect, refreshKey }: { selected?: string; onSelect: (s: Selection) => void; refreshKey: number }) {
  const { t } = useI18n();
  const c = t.catalogue;
  const fonds = useAsync(() => catalogue.fonds(), [refreshKey]);
  const [cats, setCats] = useState<Record<string, Category[]>>({});
  const [counts, setCounts] = useState<Record<string, TreeCounts>>({});
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [error, setError] = useState<unknown>(null);
  const loading = useRef(new Set<string>());

  // Loads what an expanded node needs: the 门类 of a fonds, the class counts of a 门类.
  useEffect(() => {
    for (const k of expanded.map(String)) {
      const [kind, id] = [k.slice(0, 2), k.slice(2)];
      if (kind === 'f:' && !cats[id] && !loading.current.has(k)) {
        loading.current.add(k);
        catalogue.categories(id).then((r) => setCats((m) => ({ ...m, [id]: r.items })), setError).finally(() => loading.current.delete(k));
      }
      if (kind === 'c:' && !id.includes('/') && !counts[id] && !loading.current.has(k)) {
        loading.current.add(k);
        catalogue.tree(id).then((r) => setCounts((m) => ({ ...m, [id]: r })), setError).finally(() => loading.current.delete(k));
      }
    }
  }, [expanded, cats, counts]);

  // After an edit elsewhere: fetch the counts of every open 门类 again.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    for (const id of Object.keys(counts)) void catalogue.tree(id).then((r) => setCounts((m) => ({ ...m, [id]: r })), setError);
  }, [refreshKey]);

  const { treeData, byKey } = useMemo(() => {
    const byKey = new Map<string, Selection>();
    const retention = (r: keyof typeof c.retention) => c.retention[r];
    const spinner = (key: string): TreeDataNode[] => [{ key: `${key}/…`, title: <Spin size="small" />, isLeaf: true, selectable: false }];
    const toData = (n: ClassNode): TreeDataNode => {
      byKey.set(n.key, n.sel);
      return { key: n.key, title: title(n.label, n.count, n.testId), isLeaf: !n.children, children: n.children?.map(toData) };
    };
    const treeData: TreeDataNode[] = (fonds.data?.items ?? []).map((f) => {
      const fk = `f:${f.id}`;
      const fsel: Selection = { key: fk, fonds: f, lowest: false, path: [`${f.code} ${f.name}`] };
      byKey.set(fk, fsel);
      const children = cats[f.id]?.map((cat): TreeDataNode => {
        const ck = `c:${cat.id}`;
        const csel: Selection = { ...fsel, key: ck, category: cat, path: [...fsel.path, cat.name] };
        byKey.set(ck, csel);
        const tc = counts[cat.id];
        const orgName = new Map(tc?.orgs.map((o) => [o.code, o.name]));
        const nodes = tc ? classNodes(csel, tc, { year: c.yearLabel, retention, org: (code) => orgName.get(code) ?? (code || c.tree.noOrg) }, `tree-${f.code}-${cat.code}`) : undefined;
        const total = nodes?.reduce((a, n) => a + n.count, 0);
        return {
          key: ck, isLeaf: false, icon: <FolderOutlined />,
          title: title(c.categoryLabel(cat.name, cat.code, c.mode[cat.mode]), total, `tree-${f.code}-${cat.code}`),
          children: nodes ? nodes.map(toData) : spinner(ck),
        };
      });
      return {
        key: fk, isLeaf: false, icon: <DatabaseOutlined />,
        title: title(<span title={`${f.code} ${f.name}`}><b>{f.code}</b> {f.name}</span>, f.recordCount, `tree-${f.code}`),
        children: children ? (children.length ? children : [{ key: `${fk}/none`, title: <i>{c.tree.noCategories}</i>, isLeaf: true, selectable: false }]) : spinner(fk),
      };
    });
    return { treeData, byKey };
  }, [fonds.data, cats, counts, c]);

  if (fonds.error) return <ErrorAlert error={fonds.error} />;
  if (fonds.loading && !fonds.data) return <Spin />;
  if (!treeData.length) return <Empty description={c.tree.empty} data-testid="tree-empty" />;
  return (
    <div data-testid="class-tree">
      <ErrorAlert error={error} />
      <Tree
        showIcon
        blockNode
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys)}
        selectedKeys={selected ? [selected] : []}
        onSelect={(_, info) => {
          const key = String(info.node.key);
          const sel = byKey.get(key);
          if (!sel) return;
          onSelect(sel);
          if (!info.node.isLeaf && !expanded.includes(key)) setExpanded([...expanded, key]);
        }}
      />
    </div>
  );
}
