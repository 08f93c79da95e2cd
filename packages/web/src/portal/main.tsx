import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { PortalApp } from './PortalApp.tsx';
import { PortalI18n } from './i18n.tsx';
import './portal.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in portal.html');

createRoot(root).render(
  <StrictMode>
    <PortalI18n>
      <BrowserRouter basename="/portal">
        <PortalApp />
      </BrowserRouter>
    </PortalI18n>
  </StrictMode>,
);
