import { Link, useNavigate, useParams } from 'react-router-dom';
import { useT } from '../i18n.tsx';
import { portalApi } from '../portal.api.ts';
import { useLoad } from '../useLoad.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Viewer } from './Viewer.tsx';

const fmtDate = (d: string) => (d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d);

/** One opened record: its public catalogue fields, the viewer, and a request-access link. */
export function RecordPage() {
  const { t, lang } = useT();
  const { id = '' } = useParams();
  const nav = useNavigate();
  const r = useLoad(() => portalApi.record(id), [id, lang]);
  if (r.error?.status === 404) {
    return <section data-testid="portal-not-found"><h1>{t.record.notFound}</h1><p>{t.record.notFoundText}</p><p><Link to="/">{t.record.back}</Link></p></section>;
  }
  const rec = r.data;
  return (
    <article className="record" data-testid="portal-record">
      <p><button type="button" className="link" onClick={() => nav(-1)}>← {t.record.back}</button></p>
      {r.error && <ErrorNote error={r.error} />}
      {rec && <>
        <h1>{rec.title}</h1>
        {rec.redacted && <p className="note">{t.record.redactedNote}</p>}
        <dl className="fields">
          <dt>{t.record.archivalCode}</dt><dd>{rec.archivalCode}</dd>
          <dt>{t.record.fonds}</dt><dd>{rec.fondsName}</dd>
          <dt>{t.record.category}</dt><dd>{rec.categoryName}</dd>
          <dt>{t.record.year}</dt><dd>{rec.year}</dd>
          {rec.docDate && <><dt>{t.record.date}</dt><dd>{fmtDate(rec.docDate)}</dd></>}
          {rec.docNumber && <><dt>{t.record.docNumber}</dt><dd>{rec.docNumber}</dd></>}
          {rec.responsible && <><dt>{t.record.responsible}</dt><dd>{rec.responsible}</dd></>}
          {rec.pages !== null && <><dt>{t.record.pages}</dt><dd>{rec.pages}</dd></>}
          <dt>{t.record.publishedAt}</dt><dd>{rec.publishedAt.slice(0, 10)}</dd>
        </dl>
        <p><Link className="button" to={`/request?records=${rec.id}&title=${encodeURIComponent(rec.archivalCode)}`}>{t.record.request}</Link></p>
        <h2>{t.record.files}</h2>
        {rec.files.length ? <Viewer files={rec.files} /> : <p className="note">{t.record.noFiles}</p>}
      </>}
    </article>
  );
}
