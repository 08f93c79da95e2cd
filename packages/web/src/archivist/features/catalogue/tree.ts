import type { Category, Fonds, Retention, TreeCounts } from './catalogue.api.ts';

type Dim = TreeCounts['classOrder'][number];
const RETENTION_ORDER: readonly Retention[] = ['Y', 'D30', 'D10', 'C', 'D'];

/** What a tree node stands for: a fonds, a 门类, or a class (some of 年度 / 保管期限 / 机构 fixed). */
export interface Selection {
  key: string;
  fonds: Fonds;
  category?: Category;
  year?: number;
  retention?: Retention;
  orgCode?: string;
  /** Every level of the scheme's classOrder is fixed: the class a 件号 counts in (renumber, print). */
  lowest: boolean;
  /** The class as words, e.g. 2023 年 / 永久 / 办公室. */
  path: string[];
}

export interface ClassNode {
  key: string;
  sel: Selection;
  label: string;
  count: number;
  testId: string;
  children?: ClassNode[];
}

export interface Labels {
  year: (y: number) => string;
  retention: (r: Retention) => string;
  org: (code: string) => string;
}

type Group = TreeCounts['groups'][number];
const valueOf = (g: Group, d: Dim): string | number => (d === 'year' ? g.year : d === 'retention' ? g.retention : g.orgCode);

function order(d: Dim, values: (string | number)[], orgs: TreeCounts['orgs']): (string | number)[] {
  if (d === 'year') return [...values].sort((a, b) => Number(b) - Number(a));
  if (d === 'retention') return [...values].sort((a, b) => RETENTION_ORDER.indexOf(a as Retention) - RETENTION_ORDER.indexOf(b as Retention));
  const pos = (c: string | number) => {
    const i = orgs.findIndex((o) => o.code === c);
    return i < 0 ? (c === '' ? 1e6 : 1e5) : i;
  };
  return [...values].sort((a, b) => pos(a) - pos(b) || String(a).localeCompare(String(b)));
}

/**
 * Nests the per-class counts of GET /api/categories/:id/tree in the scheme's classOrder: one level per
 * element (年度 → 保管期限 → 机构 for 文书), each node with the sum of the records below it.
 */
export function classNodes(parent: Selection, counts: TreeCounts, labels: Labels, testPrefix: string): ClassNode[] {
  const dims = counts.classOrder;
  function level(groups: Group[], depth: number, sel: Selection, prefix: string): ClassNode[] {
    const d = dims[depth];
    if (!d) return [];
    const byValue = new Map<string | number, Group[]>();
    for (const g of groups) byValue.set(valueOf(g, d), [...(byValue.get(valueOf(g, d)) ?? []), g]);
    return order(d, [...byValue.keys()], counts.orgs).map((v) => {
      const gs = byValue.get(v) ?? [];
      const label = d === 'year' ? labels.year(Number(v)) : d === 'retention' ? labels.retention(v as Retention) : labels.org(String(v));
      const key = `${sel.key}/${d}=${v}`;
      const next: Selection = {
        ...sel, key, path: [...sel.path, label], lowest: depth === dims.length - 1,
        ...(d === 'year' ? { year: Number(v) } : d === 'retention' ? { retention: v as Retention } : { orgCode: String(v) }),
      };
      const testId = `${prefix}-${v === '' ? '_' : v}`;
      const children = depth < dims.length - 1 ? level(gs, depth + 1, next, testId) : undefined;
      return { key, sel: next, label, testId, count: gs.reduce((a, g) => a + g.count, 0), children };
    });
  }
  return level(counts.groups, 0, parent, testPrefix);
}
