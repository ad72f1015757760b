import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/page.css';
import './popup.css';
import { markPageLanguage } from '@/utils/i18n';
import { App } from './App';

markPageLanguage();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
