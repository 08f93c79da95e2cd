import { useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import type { Page } from './endpoints.ts';
import { useAsync, type AsyncState } from './useAsync.ts';

/** Server-side paging for an antd Table: keeps page/size, loads `offset,limit`, returns table props. */
export function usePagedList<T>(load: (offset: number, limit: number) => Promise<Page<T>>, deps: readonly unknown[] = [], initialSize = 20) {
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(initialSize);
  const state: AsyncState<Page<T>> = useAsync(() => load((page - 1) * size, size), [page, size, ...deps]);
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize: size,
    total: state.data?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    onChange: (p, s) => {
      setPage(s === size ? p : 1);
      setSize(s);
    },
  };
  return { ...state, items: state.data?.items ?? [], pagination, resetPage: () => setPage(1) };
}
