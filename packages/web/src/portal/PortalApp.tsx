import { useEffect, useRef } from 'react';
import { NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useT } from './i18n.tsx';
import { NoticePage, NoticesPage } from './pages/NoticesPage.tsx';
import { RecordPage } from './pages/RecordPage.tsx';
import { RequestPage } from './pages/RequestPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { TrackPage } from './pages/TrackPage.tsx';

/** Layout: skip link, header with navigation and language switch, one <main>, footer. */
export function PortalApp() {
  const { t, lang, setLang } = useT();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // After client-side navigation, move focus to the new page's content (screen readers announce it).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    main.current?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip" href="#main">{t.site.skip}</a>
      <header className="site-header">
        <div className="wrap header-row">
          <NavLink to="/" className="brand"><span className="seal" aria-hidden="true">兰</span><span>{t.site.name}</span></NavLink>
          <button type="button" className="lang" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="portal-lang">
            {t.site.langSwitch}
          </button>
        </div>
        <nav aria-label={t.nav.label} className="wrap site-nav">
          <NavLink to="/" end>{t.nav.search}</NavLink>
          <NavLink to="/notices">{t.nav.notices}</NavLink>
          <NavLink to="/request">{t.nav.request}</NavLink>
          <NavLink to="/track">{t.nav.track}</NavLink>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="wrap">
        <Routes>
          <Route path="/" element={<SearchPage />} />
          <Route path="/records/:id" element={<RecordPage />} />
          <Route path="/notices" element={<NoticesPage />} />
          <Route path="/notices/:id" element={<NoticePage />} />
          <Route path="/request" element={<RequestPage />} />
          <Route path="/track" element={<TrackPage />} />
          <Route path="*" element={<SearchPage />} />
        </Routes>
      </main>
      <footer className="site-footer"><div className="wrap">{t.site.footer}</div></footer>
    </>
  );
}
