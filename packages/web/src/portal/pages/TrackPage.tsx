import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../i18n.tsx';
import { portalApi, type TrackResult } from '../portal.api.ts';
import { ErrorNote } from './ErrorNote.tsx';

/** 进度查询 with the request number and tracking code (access.publicTrack). */
export function TrackPage() {
  const { t } = useT();
  const [params] = useSearchParams();
  const [number, setNumber] = useState(params.get('number') ?? '');
  const [code, setCode] = useState('');
  const [result, setResult] = useState<TrackResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(await portalApi.track(number.trim(), code.trim()));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'internal', String(err)));
    }
  };
  return (
    <section aria-labelledby="track-title">
      <h1 id="track-title">{t.track.title}</h1>
      <form className="search-form" onSubmit={submit}>
        <div className="field"><label htmlFor="t-number">{t.track.number}</label><input id="t-number" required maxLength={40} value={number} onChange={(e) => setNumber(e.target.value)} /></div>
        <div className="field"><label htmlFor="t-code">{t.track.code}</label><input id="t-code" required maxLength={64} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} /></div>
        <button type="submit" className="primary">{t.track.submit}</button>
      </form>
      <div aria-live="polite">
        {error && (error.status === 404 ? <p className="note error" role="alert">{t.track.notFound}</p> : <ErrorNote error={error} />)}
        {result && (
          <div data-testid="portal-track-result">
            <dl className="fields">
              <dt>{t.track.number}</dt><dd>{result.number}</dd>
              <dt>{t.track.status}</dt><dd><strong>{t.track.statuses[result.status]}</strong></dd>
              <dt>{t.track.created}</dt><dd>{result.createdAt.slice(0, 10)}</dd>
              {result.decidedAt && <><dt>{t.track.decided}</dt><dd>{result.decidedAt.slice(0, 10)}</dd></>}
              {result.reason && <><dt>{t.track.reason}</dt><dd>{result.reason}</dd></>}
            </dl>
            <h2>{t.track.steps}</h2>
            <ol className="steps">{result.steps.map((s, i) => <li key={i} className={s.done ? 'done' : ''}>{s.label}（{s.done ? t.track.done : t.track.pending}）</li>)}</ol>
          </div>
        )}
      </div>
    </section>
  );
}
