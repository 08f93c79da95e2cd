import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { apiSettings } from '../lib/api.ts';
import { en } from './en.ts';
import type { Dict, Lang } from './types.ts';
import { zh } from './zh.ts';

export type { Dict, Lang } from './types.ts';

const STORAGE_KEY = 'lantai.lang';
const dicts: Record<Lang, Dict> = { zh, en };
const antdLocales = { zh: zhCN, en: enUS };

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Makes the language global: dayjs, the API's Accept-Language and <html lang>. */
function applyLang(lang: Lang) {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  apiSettings.lang = lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

interface I18n {
  lang: Lang;
  t: Dict;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = storedLang();
    applyLang(l);
    return l;
  });
  useEffect(() => applyLang(lang), [lang]);
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: keep it for this page only */
    }
    applyLang(l);
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, t: dicts[lang], setLang }), [lang, setLang]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={antdLocales[lang]} theme={{ token: { colorPrimary: '#1f5f8b' } }}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
