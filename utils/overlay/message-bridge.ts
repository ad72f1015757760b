import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '@/utils/messaging';
import type { ContentBridge } from '@/utils/overlay/bridge';
import { createTabRouter, type TabHandlers } from '@/utils/protocol/router';

/** The content script's side of the protocol: only the verbs a content script may send. */
export const messageBridge: ContentBridge = { send: sendMessage };

/** Answers the verbs the background sends to this tab, checked like the background checks its own. */
export function listenToBackground(ctx: ContentScriptContext, handlers: TabHandlers): void {
  const route = createTabRouter(handlers, browser.runtime.id);
  // sendResponse + `return true`, as in the background: a returned promise is not answered everywhere.
  const listener = (message: unknown, sender: Parameters<typeof route>[1], sendResponse: (answer: unknown) => void) => {
    const reply = route(message, sender);
    if (!reply) return undefined;
    void reply.then(sendResponse);
    return true as const;
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
