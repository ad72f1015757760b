import { browser } from 'wxt/browser';
import '@/components/page.css';
import { markPageLanguage, t } from '@/utils/i18n';
import { sendMessage } from '@/utils/messaging';

/**
 * Where the server's sign-in page sends the agent back (`signed-in.html?code=…&state=…`).
 * It hands the code and state to the background, which checks the state and trades the
 * code for tokens; this page never sees a token. The code leaves the address bar at once.
 */
async function finish(): Promise<void> {
  document.title = t('signedInTitle');
  const title = document.getElementById('title')!;
  const status = document.getElementById('status')!;
  title.textContent = t('signedInTitle');
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const state = params.get('state');
  history.replaceState(null, '', location.pathname);
  if (!code || !state) {
    // The server's `error_description` is English for administrators: the agent reads ours.
    status.textContent = params.has('error') ? t('signedInFailed', t('signInRequestRefused')) : t('signedInMissing');
    return;
  }
  status.textContent = t('signedInWorking');
  const outcome = await sendMessage('completeWebSignIn', { code, state }).catch(() => ({ ok: false as const, message: t('signInNoAnswer') }));
  if (!outcome.ok) {
    status.textContent = t('signedInFailed', outcome.message);
    return;
  }
  status.textContent = t('signedInDone', outcome.agentName, outcome.teamName);
  // The tab was opened for the sign-in: close it once the agent has seen the result.
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) setTimeout(() => void browser.tabs.remove(tab.id!).catch(() => undefined), 1_500);
}

markPageLanguage();
void finish();
