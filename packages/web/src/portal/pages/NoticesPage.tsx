import { Link, useParams } from 'react-router-dom';
import { useT } from '../i18n.tsx';
import { portalApi } from '../portal.api.ts';
import { useLoad } from '../useLoad.ts';
import { ErrorNote } from './ErrorNote.tsx';

const date = (iso: string) => iso.slice(0, 10);

/**
 * A notice's body is plain text: it is rendered as React text (escaped), paragraphs split on blank lines,
 * line breaks kept by CSS. No HTML from the server is ever parsed.
 */
export function NoticeText({ body }: { body: string }) {
  return <>{body.split(/\n\s*\n/).filter((p) => p.trim()).map((p, i) => <p key={i} className="notice-p">{p}</p>)}</>;
}

export function NoticeList({ limit }: { limit?: number }) {
  const { t } = useT();
  const r = useLoad(() => portalApi.notices(), []);
  if (r.error) return <ErrorNote error={r.error} />;
  const items = r.data?.items.slice(0, limit) ?? [];
  if (r.data && !items.length) return <p className="note">{t.notices.none}</p>;
  return (
    <ul className="notice-list" data-testid="portal-notices">
      {items.map((n) => <li key={n.id}><Link to={`/notices/${n.id}`}>{n.title}</Link> <time dateTime={n.updatedAt}>{date(n.updatedAt)}</time></li>)}
    </ul>
  );
}

export function NoticesPage() {
  const { t } = useT();
  return <section><h1>{t.notices.title}</h1><NoticeList /></section>;
}

export function NoticePage() {
  const { t } = useT();
  const { id = '' } = useParams();
  const r = useLoad(() => portalApi.notice(id), [id]);
  return (
    <article className="notice" data-testid="portal-notice">
      <p><Link to="/notices">← {t.notices.back}</Link></p>
      {r.error && (r.error.status === 404 ? <h1>{t.notices.notFound}</h1> : <ErrorNote error={r.error} />)}
      {r.data && <>
        <h1>{r.data.title}</h1>
        <p className="meta">{t.notices.updated}：<time dateTime={r.data.updatedAt}>{date(r.data.updatedAt)}</time></p>
        <NoticeText body={r.data.body} />
      </>}
    </article>
  );
}
