import type { ApiError } from '../../lib/api.ts';
import { useT } from '../i18n.tsx';

/** An error as a live region; the server's message is in the asked language already. */
export function ErrorNote({ error }: { error: ApiError }) {
  const { t } = useT();
  const text = error.status === 0 ? t.error.network : error.status === 429 ? t.error.rate : error.message || t.error.generic;
  return <p className="note error" role="alert">{text}</p>;
}
