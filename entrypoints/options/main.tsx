import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import '@/components/page.css';
import { sendMessage } from '@/utils/messaging';
import { effectiveSettings, readMe } from '@/utils/storage';
import { App, type OptionsBridge } from './App';

const bridge: OptionsBridge = {
  async load() {
    const [settings, me, session] = await Promise.all([effectiveSettings(), readMe(), sendMessage('getSession')]);
    return {
      signedIn: session.signedIn,
      agentName: me?.agent.name ?? null,
      teamName: me?.team.name ?? null,
      serverUrl: settings.serverUrl,
      sites: settings.sites,
      defaultHandoffTeamId: session.defaultHandoffTeamId,
      handoffTargets: me?.handoffTargets ?? [],
      locked: settings.locked,
    };
  },
  async signIn(serverUrl, token) {
    let origin: string;
    try {
      origin = new URL(serverUrl).origin;
    } catch {
      return { ok: false, message: 'Enter the server URL, e.g. https://jetway.airline.example' };
    }
    // Ask for this one origin only. The server also allows the extension by CORS, so
    // sign-in does not wait for the answer and a refusal is not fatal.
    void browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
    const outcome = await sendMessage('signIn', { serverUrl: origin, token });
    return outcome.ok ? outcome : { ok: false, message: outcome.message };
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
