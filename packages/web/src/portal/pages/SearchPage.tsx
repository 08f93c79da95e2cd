import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../i18n.tsx';
import { portalApi } from '../portal.api.ts';
import { useLoad } from '../useLoad.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { NoticeList } from './NoticesPage.tsx';

const PAGE = 20;

/** 档案检索: the box, year and fonds filters, results with paging; state lives in the URL (shareable, back button). */
export function SearchPage() {
  const { t, lang } = useT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const year = params.get('year') ?? '';
  const fonds = params.get('fonds') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [text, setText] = useState(q);
  const [y, setY] = useState(year);
  const [f, setF] = useState(fonds);
  const result = useLoad(() => portalApi.search({ q, year: year ? Number(year) : undefined, fonds: fonds || undefined, offset: (page - 1) * PAGE, limit: PAGE }), [q, year, fonds, page, lang]);
  const fondsList = useLoad(() => portalApi.fonds(), []);
  const go = (next: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ q, year, fonds, ...next })) if (v) p.set(k, v);
    setParams(p);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: text.trim(), year: /^\d{4}$/.test(y) ? y : '', fonds: f, page: '' });
  };
  const pages = result.data ? Math.max(1, Math.ceil(result.data.total / PAGE)) : 1;
  return (
    <div className="search-layout">
      <section aria-labelledby="search-title">
        <h1 id="search-title">{t.search.title}</h1>
        <form className="search-form" role="search" onSubmit={submit}>
          <div className="field grow">
            <label htmlFor="q">{t.search.label}</label>
            <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t.search.placeholder} maxLength={200} data-testid="portal-q" />
          </div>
          <div className="field">
            <label htmlFor="year">{t.search.year}</label>
            <input id="year" inputMode="numeric" pattern="\d{4}" value={y} onChange={(e) => setY(e.target.value)} placeholder={t.search.anyYear} size={8} />
          </div>
          <div className="field">
            <label htmlFor="fonds">{t.search.fonds}</label>
            <select id="fonds" value={f} onChange={(e) => setF(e.target.value)}>
              <option value="">{t.search.anyFonds}</option>
              {fondsList.data?.items.map((x) => <option key={x.code} value={x.code}>{x.name}（{x.count}）</option>)}
            </select>
          </div>
          <button type="submit" className="primary" data-testid="portal-search">{t.search.submit}</button>
        </form>
        <div aria-live="polite" aria-busy={result.loading}>
          {result.error && <ErrorNote error={result.error} />}
          {result.data && <p className="count" data-testid="portal-count">{t.search.results(result.data.total)}</p>}
          {result.data && result.data.items.length === 0 && <p className="note">{t.search.none}</p>}
          <ol className="results" start={(page - 1) * PAGE + 1}>
            {result.data?.items.map((r) => (
              <li key={r.id} className="result">
                <h2><Link to={`/records/${r.id}`}>{r.title}</Link></h2>
                <p className="meta">
                  <span>{r.archivalCode}</span><span>{r.fondsName}</span><span>{r.year}</span>
                  <span>{r.fileCount ? t.search.files(r.fileCount) : t.search.noFiles}</span>
                  {r.redacted && <span className="tag">{t.search.redacted}</span>}
                </p>
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav className="pager" aria-label={t.search.page(page, pages)}>
              <button type="button" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>{t.search.prev}</button>
              <span>{t.search.page(page, pages)}</span>
              <button type="button" disabled={page >= pages} onClick={() => go({ page: String(page + 1) })}>{t.search.next}</button>
            </nav>
          )}
        </div>
      </section>
      <aside aria-labelledby="notices-title" className="side">
        <h2 id="notices-title">{t.notices.title}</h2>
        <NoticeList limit={5} />
      </aside>
    </div>
  );
}
