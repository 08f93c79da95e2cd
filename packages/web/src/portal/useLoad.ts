import { useEffect, useState } from 'react';
import { ApiError } from '../lib/api.ts';

export interface Loaded<T> { data: T | null; error: ApiError | null; loading: boolean }

/** Loads once per change of deps; the last call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: null, error: e instanceof ApiError ? e : new ApiError(0, 'internal', String(e)), loading: false }),
    );
    return () => { live = false; };
  }, deps);
  return state;
}
