import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp } from 'antd';
import 'antd/dist/reset.css';
import { I18nProvider } from '../i18n/index.tsx';
import { App } from './App.tsx';
import { SessionProvider } from './session.tsx';
import './workbench.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </I18nProvider>
  </StrictMode>,
);
