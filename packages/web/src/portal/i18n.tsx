import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { apiSettings } from '../lib/api.ts';
import { portalEn, type PortalDict } from '../i18n/portal.en.ts';
import { portalZh } from '../i18n/portal.zh.ts';

export type Lang = 'zh' | 'en';
const KEY = 'lantai.lang';
const dicts: Record<Lang, PortalDict> = { zh: portalZh, en: portalEn };

function stored(): Lang {
  try {
    const q = new URLSearchParams(location.search).get('lang');
    if (q === 'en' || q === 'zh') return q;
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

interface Ctx { lang: Lang; t: PortalDict; setLang: (l: Lang) => void }
const I18n = createContext<Ctx | null>(null);

/** The portal's language: <html lang>, the API's Accept-Language, remembered like the workbench's. */
export function PortalI18n({ children }: { children: ReactNode }) {
  const [lang, setState] = useState<Lang>(stored);
  useEffect(() => {
    apiSettings.lang = lang;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = dicts[lang].site.name;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    try { localStorage.setItem(KEY, l); } catch { /* private mode */ }
    setState(l);
  }, []);
  const value = useMemo(() => ({ lang, t: dicts[lang], setLang }), [lang, setLang]);
  return <I18n.Provider value={value}>{children}</I18n.Provider>;
}

export function useT(): Ctx {
  const c = useContext(I18n);
  if (!c) throw new Error('useT outside PortalI18n');
  return c;
}
