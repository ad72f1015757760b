import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, rememberSession } from './api';
import { App } from './App';
import { I18nProvider } from './i18n';
import { SESSION_KEY } from './session';
import { ThemeProvider } from './theme';
import './app.css';

/** A 401 anywhere means the session ended (expired, revoked): back to the sign-in page. */
function onError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) {
    rememberSession(null);
    queryClient.setQueryData(SESSION_KEY, null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500 && error.status !== 429) && failures < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <ThemeProvider>
          <App />
        </ThemeProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
