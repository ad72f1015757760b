import { Toast } from '@/components/Toast';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import type { BadgeAnswer } from '@/utils/overlay/badges';
import { openMemberCard } from '@/utils/overlay/card-feature';
import { startHandoff } from '@/utils/overlay/handoff-feature';
import { createLayer } from '@/utils/overlay/layer';
import type { TabHandlers } from '@/utils/protocol/router';
import type { HandleSighting, SiteAdapter } from '@/utils/sites/types';

/**
 * The overlay's interactive part, one ES module the content scripts import when the agent
 * first reaches a post, opens a card or presses a command (`ui-loader.ts`): React, the
 * member card, Hand off and its menu, and the message protocol with its full schemas. The
 * badge path never loads it. Built beside the content scripts by `wxt.config.ts`.
 */
export { sendMessage } from '@/utils/messaging';
export { createTabRouter } from '@/utils/protocol/router';

export interface InteractiveOverlayDeps {
  ctx: ContentScriptContext;
  doc: Document;
  adapter: SiteAdapter;
  bridge: ContentBridge;
  session(): ContentSession;
  /** The post the agent reached first, when that is what started the UI: its Hand off shows there at once. */
  reachedPost?: Element;
}

export interface InteractiveOverlay {
  openCard(host: HTMLElement, answer: BadgeAnswer, sighting: HandleSighting): void;
  handOffFocusedPost: TabHandlers['handOffFocusedPost'];
  /** A notice that stays until the agent closes it (e.g. the session ended). */
  notify(message: string): void;
}

/** Starts the member card's layer and Hand off for one content script run (owned by `ctx`). */
export function startInteractiveOverlay(deps: InteractiveOverlayDeps): InteractiveOverlay {
  const { ctx, doc, adapter, bridge, session } = deps;
  const cardLayer = createLayer(ctx, doc);
  const toastLayer = createLayer(ctx, doc);
  const handoff = startHandoff({ ctx, doc, adapter, bridge, menuLayer: cardLayer, toastLayer, session, reachedPost: deps.reachedPost });
  return {
    openCard(host, answer, sighting) {
      const postUrl = sighting.post ? (adapter.permalinkOf?.(sighting.post) ?? null) : null;
      openMemberCard(cardLayer, bridge, session(), host, answer, sighting, postUrl);
    },
    handOffFocusedPost: handoff.handOffFocusedPost,
    notify(message) {
      toastLayer.show(<Toast message={message} onDismiss={() => toastLayer.hide()} />, { dismissible: false });
    },
  };
}
