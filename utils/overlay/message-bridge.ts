import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentVerb, Send } from '@/utils/messaging';
import type { ContentBridge } from '@/utils/overlay/bridge';
import { loadOverlayUi } from '@/utils/overlay/ui-loader';
import { isBadgePathVerb, sendOnBadgePath } from '@/utils/protocol/badge-path';
import type { MessageSender, TabHandlers } from '@/utils/protocol/router';

/**
 * The content script's side of the protocol: only the verbs a content script may send.
 * The badge path's verbs are checked by `badge-path.ts`; the others (the card, writes)
 * are sent by the overlay UI's `sendMessage` with the verbs' full schemas, loaded with it.
 */
const send = ((verb: ContentVerb, data?: unknown) =>
  isBadgePathVerb(verb)
    ? (sendOnBadgePath as (verb: string, data?: unknown) => Promise<unknown>)(verb, data)
    : loadOverlayUi().then((ui) => (ui.sendMessage as (verb: string, data?: unknown) => Promise<unknown>)(verb, data))) as Send<ContentVerb>;

export const messageBridge: ContentBridge = { send };

/** Only an object naming a tab verb can be the background's; anything else is left to other listeners. */
function looksLikeTabMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && typeof (message as { jetwayTab?: unknown }).jetwayTab === 'string';
}

/**
 * Answers the verbs the background sends to this tab, checked like the background checks
 * its own: the overlay UI's tab router checks the sender and the data before a handler
 * runs (the background sends these rarely: a command, a server back online).
 */
export function listenToBackground(ctx: ContentScriptContext, handlers: TabHandlers): void {
  // sendResponse + `return true`, as in the background: a returned promise is not answered everywhere.
  const listener = (message: unknown, sender: MessageSender, sendResponse: (answer: unknown) => void) => {
    if (!looksLikeTabMessage(message)) return undefined;
    void loadOverlayUi()
      .then((ui) => ui.createTabRouter(handlers, browser.runtime.id)(message, sender))
      .then((reply) => sendResponse(reply ?? { ok: false, error: 'Request refused' }), (error: unknown) => sendResponse({ ok: false, error: String(error) }));
    return true as const;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
