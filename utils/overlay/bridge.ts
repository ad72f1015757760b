import type { ContentVerb, Send } from '@/utils/messaging';

export type { ContentSession, WriteReceipt } from '@/utils/protocol/schemas';

/**
 * The verbs a content script may send to the background, and nothing else (the type
 * comes from the protocol's declarations). The overlay features take this as a
 * dependency, so they run in unit tests without a browser.
 */
export interface ContentBridge {
  send: Send<ContentVerb>;
}
