import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/index.tsx';
import { useAsync } from '../../../lib/useAsync.ts';
import { useUser } from '../../session.tsx';
import { preservation } from './preservation.api.ts';

const READERS = ['archivist', 'sysadmin', 'auditor'];

/** A loud, persistent banner while any preservation incident is not resolved (workbench home and the dashboard). */
export function IncidentBanner({ count, link = true }: { count?: number; link?: boolean }) {
  const { t } = useI18n();
  const user = useUser();
  const may = user.roles.some((r) => READERS.includes(r));
  const list = useAsync(() => (may && count === undefined ? preservation.incidents() : Promise.resolve({ items: [] })), [may, count]);
  const n = count ?? list.data?.items.filter((i) => i.state !== 'resolved').length ?? 0;
  if (!may || !n) return null;
  return (
    <Alert type="error" showIcon banner data-testid="preservation-incident-banner" style={{ marginBottom: 16, fontSize: 15 }}
      message={<strong>{t.preservation.bannerTitle(n)}</strong>}
      description={<>{t.preservation.bannerText} {link && <Link to="/preservation">{t.preservation.bannerLink}</Link>}</>} />
  );
}
