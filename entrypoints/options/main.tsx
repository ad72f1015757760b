import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/page.css';
import { markPageLanguage, t } from '@/utils/i18n';
import { App } from './App';
import { optionsBridge } from './bridge';

markPageLanguage();
const root = document.getElementById('root');
if (root) {
  document.title = t('optionsTitle');
  createRoot(root).render(
    <StrictMode>
      <App bridge={optionsBridge} />
    </StrictMode>,
  );
}
