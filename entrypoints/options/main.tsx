import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import '@/components/page.css';
import { sendMessage } from '@/utils/messaging';
import { effectiveSettings, readMe, readSessionEnded } from '@/utils/storage';
import { App, type OptionsBridge } from './App';

const NO_SERVER_URL = 'Enter the server URL, e.g. https://jetway.airline.example';

/** The server's origin, or null; asks for a host permission for that one origin on the way. */
function askForServer(serverUrl: string): string | null {
  let origin: string;
  try {
    origin = new URL(serverUrl).origin;
  } catch {
    return null;
  }
  // Ask for this one origin only. The server also allows the extension by CORS, so
  // sign-in does not wait for the answer and a refusal is not fatal.
  void browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
  return origin;
}

const bridge: OptionsBridge = {
  async load() {
    const [settings, me, session, ended] = await Promise.all([effectiveSettings(), readMe(), sendMessage('getSession'), readSessionEnded()]);
    return {
      signedIn: session.signedIn,
      agentName: me?.agent.name ?? null,
      teamName: me?.team.name ?? null,
      serverUrl: settings.serverUrl,
      sites: settings.sites,
      defaultHandoffTeamId: session.defaultHandoffTeamId,
      handoffTargets: me?.handoffTargets ?? [],
      locked: settings.locked,
      sessionEnded: session.signedIn ? null : (ended?.message ?? null),
    };
  },
  async signIn(serverUrl, token) {
    const origin = askForServer(serverUrl);
    if (!origin) return { ok: false, message: NO_SERVER_URL };
    const outcome = await sendMessage('signIn', { serverUrl: origin, token });
    return outcome.ok ? outcome : { ok: false, message: outcome.message };
  },
  async startWebSignIn(serverUrl) {
    const origin = askForServer(serverUrl);
    if (!origin) return { ok: false, message: NO_SERVER_URL };
    return sendMessage('startWebSignIn', { serverUrl: origin });
  },
  subscribe(onChange) {
    const listener = (_changes: unknown, area: string) => {
      if (area === 'local' || area === 'session') onChange();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  },
  signOut: (unsent) => sendMessage('signOut', { unsent }),
  unsentWrites: () => sendMessage('getUnsentWrites'),
  saveSites: (sites) => sendMessage('saveSettings', { sites }),
  saveDefaultTeam: (teamId) => sendMessage('saveSettings', { defaultHandoffTeamId: teamId }),
  clearCachedData: () => sendMessage('clearCachedData'),
};

const root = document.getElementById('root');
if (root) {
  document.title = browser.i18n.getMessage('optionsTitle');
  createRoot(root).render(
    <StrictMode>
      <App bridge={bridge} />
    </StrictMode>,
  );
}
