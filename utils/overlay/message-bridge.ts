import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { MessageRejected, sendMessage } from '@/utils/messaging';
import type { ContentBridge, WriteReceipt } from '@/utils/overlay/bridge';
import type { SiteOverlay } from '@/utils/overlay/run-site';

const unreachable = (error: unknown): WriteReceipt => ({
  ok: false,
  message:
    error instanceof MessageRejected
      ? `Jetway refused the change: ${error.message}`
      : 'Jetway is restarting; nothing was saved. Try again in a moment.',
});

async function write(work: Promise<WriteReceipt>): Promise<WriteReceipt> {
  try {
    return await work;
  } catch (error) {
    return unreachable(error);
  }
}

/** The content script's side of the protocol: only the narrow verbs it may use. */
export const messageBridge: ContentBridge = {
  lookup: (identities) => sendMessage('lookupIdentities', { identities }),
  recentAnswers: () => sendMessage('getRecentAnswers'),
  session: () => sendMessage('getSession'),
  memberCard: (memberId) => sendMessage('getMemberCard', { memberId }).catch((error: unknown) => ({ ok: false as const, message: String(error) })),
  handOff: (request) => write(sendMessage('enqueueHandoff', request)),
  undo: (outboxId) => write(sendMessage('undoWrite', { outboxId })),
  addNote: (caseId, text) => write(sendMessage('enqueueNote', { caseId, text })),
  openCase: (identity, subject, postUrl) => write(sendMessage('enqueueCaseOpen', { identity, subject, postUrl })),
  changeCase: (caseId, change) => write(sendMessage('enqueueCaseChange', { caseId, ...change })),
  link: (identity, loyaltyNumber) => write(sendMessage('enqueueLink', { identity, loyaltyNumber })),
  unlink: (linkId) => write(sendMessage('enqueueUnlink', { linkId })),
  reportSiteHealth: (postsSeen, postsWithHandle) => sendMessage('reportSiteHealth', { postsSeen, postsWithHandle }),
};

/** Verbs the background sends to this tab: the keyboard command and "server is back". */
export function listenToBackground(ctx: ContentScriptContext, overlay: SiteOverlay): void {
  const listener = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
    const verb = (message as { jetwayTab?: string } | null)?.jetwayTab;
    if (verb === 'handOffFocusedPost') {
      void overlay.handoff.handOffFocusedPost().then(sendResponse);
      return true;
    }
    if (verb === 'lookupRecovered') overlay.retryLookups();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
