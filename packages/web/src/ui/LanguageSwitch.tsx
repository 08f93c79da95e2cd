import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.tsx';

/** 中文 ⇄ English; the choice is kept in localStorage. */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { lang, t, setLang } = useI18n();
  return (
    <Button
      type={type}
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      data-lang={lang}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
    >
      {t.lang.switchTo}
    </Button>
  );
}
