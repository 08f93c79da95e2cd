import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Runs `load` now and whenever `deps` change; `reload()` runs it again. Answers from
 * superseded runs are dropped, so a slow old page never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++run.current;
    setLoading(true);
    try {
      const d = await loadRef.current();
      if (mine === run.current) {
        setData(d);
        setError(null);
      }
    } catch (e) {
      if (mine === run.current) setError(e);
    } finally {
      if (mine === run.current) setLoading(false);
    }
  }, []);

  useEffect(() => void reload(), deps);
  return { data, error, loading, reload };
}
