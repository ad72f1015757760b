import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging';
import { effectiveSettings, readMe, readSessionEnded } from '@/utils/storage';
import type { OptionsBridge } from './App';

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

/** The options page's way to the background and storage; every message it returns is in the agent's language. */
export const optionsBridge: OptionsBridge = {
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
    if (!origin) return { ok: false, message: t('optionsServerUrlMissing') };
    const outcome = await sendMessage('signIn', { serverUrl: origin, token });
    return outcome.ok ? outcome : { ok: false, message: outcome.message };
  },
  async startWebSignIn(serverUrl) {
    const origin = askForServer(serverUrl);
    if (!origin) return { ok: false, message: t('optionsServerUrlMissing') };
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
