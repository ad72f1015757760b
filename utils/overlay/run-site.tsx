import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Identity } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { siteHealthReport } from '@/utils/sites/dom';
import type { PageHealth, SiteAdapter } from '@/utils/sites/types';
import { prepareBadge } from '@/utils/overlay/badge';
import { startBadges } from '@/utils/overlay/badges';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import { createScanner } from '@/utils/overlay/scanner';
import { createServerCheck } from '@/utils/overlay/server-check';
import type { InteractiveOverlay } from '@/utils/overlay/ui';
import { loadOverlayUi } from '@/utils/overlay/ui-loader';
import type { TabHandlers } from '@/utils/protocol/router';

const SIGNED_OUT: ContentSession = {
  signedIn: false,
  agent: null,
  team: null,
  handoffTargets: [],
  defaultHandoffTeamId: null,
  tiers: [],
  sites: { x: true, facebook: true },
};

/** How often sightings the background could not answer (signed out, server down) are asked again. */
const RETRY_MS = 10_000;
/** How often the adapter's read rate is reported for the popup's site health. */
const HEALTH_MS = 10_000;
/** Posts sampled per report: enough to tell a changed layout, cheap on a busy feed. */
const HEALTH_SAMPLE = 20;
/** An adapter without page canaries judges nothing about the page as a whole. */
const NOT_JUDGED: PageHealth = { canary: 'not-judged', posts: 0, postsWithHandle: 0 };

/**
 * Runs every overlay feature of one site: badges, member card, Hand off, site health.
 * Everything it starts is owned by `ctx` and stops when the content script is invalidated.
 * Answers with the handlers of the verbs the background sends to this tab.
 *
 * Badges and site health run here with no UI library; the member card and Hand off live
 * in the overlay UI module, imported when the agent first reaches a post, opens a card or
 * presses the Hand off command (docs/extension.md, "What a page loads").
 */
export async function runSiteOverlay(ctx: ContentScriptContext, adapter: SiteAdapter, bridge: ContentBridge): Promise<TabHandlers | null> {
  const doc = document;
  const readSession = () => bridge.send('getSession');
  let session = await readSession().catch(() => SIGNED_OUT);
  if (!session.sites[adapter.site] || ctx.isInvalid) return null;

  const scanner = createScanner(ctx, doc);

  let interactive: Promise<InteractiveOverlay> | null = null;
  /** The card and Hand off, started once; `reachedPost` is where the agent first went. */
  const interactiveOverlay = (reachedPost?: Element) => {
    if (!interactive) {
      interactive = loadOverlayUi().then((ui) => ui.startInteractiveOverlay({ ctx, doc, adapter, bridge, session: () => session, reachedPost }));
      // The module could not be loaded (the extension was updated under the page): the next use tries again.
      interactive.catch(() => {
        interactive = null;
      });
    }
    return interactive;
  };

  // A session the server ended is said once on the page, at the first badge it cannot show.
  let sessionEndedShown = false;
  const lookup = async (identities: Identity[]) => {
    const reply = await bridge.send('lookupIdentities', { identities });
    if (!reply.signedIn && !sessionEndedShown && (await readSession().catch(() => SIGNED_OUT)).sessionEnded) {
      sessionEndedShown = true;
      void interactiveOverlay().then((overlay) => overlay.notify(t('pageSessionEnded')));
    }
    return reply;
  };

  const badges = startBadges({
    doc,
    adapter,
    scanner,
    lookup,
    onBadgeActivated: (host, answer, sighting) => {
      void interactiveOverlay().then((overlay) => {
        if (!ctx.isInvalid) overlay.openCard(host, answer, sighting);
      });
    },
  });

  ctx.onInvalidated(() => badges.stop());

  // Each tier's badge (label, accessible name, styles) is worked out now, not by the first
  // badge of a scroll: the first read of the browser's message catalogue in a tab waits for
  // the browser (tens of milliseconds when it is busy).
  const prepareTiers = () => {
    for (const tier of session.tiers) prepareBadge(tier);
  };
  prepareTiers();

  // The background's fresh answers, so handles it already knows need no round trip here;
  // sightings before they arrive are simply looked up.
  void bridge.send('getRecentAnswers').then(
    (recent) => {
      if (!ctx.isInvalid) badges.remember(recent);
    },
    () => undefined,
  );

  // Hand off follows the pointer and focus from post to post; its code loads when the agent
  // first reaches one (signed in), and this listener has nothing more to do after that.
  let reached = false;
  const reach = (event: Event) => {
    if (reached || !session.signedIn || !(event.target instanceof Element)) return;
    const post = adapter.postAt(event.target);
    if (!post) return;
    reached = true;
    void interactiveOverlay(post).catch(() => {
      reached = false;
    });
  };
  ctx.addEventListener(doc, 'pointerover', reach, { capture: true, passive: true });
  ctx.addEventListener(doc, 'focusin', reach, { capture: true, passive: true });

  let postsSeen = 0;
  let postsWithHandle = 0;
  scanner.onAdded((roots) => {
    for (const root of roots) {
      if (postsSeen >= HEALTH_SAMPLE) break;
      const health = adapter.health(root);
      postsSeen += health.posts;
      postsWithHandle += health.postsWithHandle;
    }
  });
  ctx.setInterval(() => {
    // The page as a whole, through the canary of its kind (the post container, DM entries,
    // notifications, inbox rows). A renamed post container leaves the scanner above with no
    // posts at all, and no posts would report nothing: the canary counts the content the
    // shell shows as posts seen without a handle instead, so the background's one rule
    // (posts seen ≥ 3, none with a handle) says "layout changed" on the first report.
    const page = adapter.pageHealth?.(doc) ?? NOT_JUDGED;
    const report = siteHealthReport({ posts: postsSeen, postsWithHandle }, page);
    postsSeen = 0;
    postsWithHandle = 0;
    if (report.posts === 0) return;
    void bridge.send('reportSiteHealth', { postsSeen: report.posts, postsWithHandle: report.postsWithHandle }).catch(() => undefined);
  }, HEALTH_MS);

  ctx.setInterval(async () => {
    const wasSignedIn = session.signedIn;
    session = await readSession().catch(() => session);
    if (session.signedIn && !wasSignedIn) {
      prepareTiers();
      scanner.rescan();
    }
    badges.retryWaiting();
  }, RETRY_MS);

  // While the server cannot be reached this tab asks every few seconds whether it is back.
  // Asked once at the start too, for a tab opened during an outage; cheap while the server answers.
  const watchServer = createServerCheck(ctx, () => bridge.send('checkServer'));
  watchServer();

  return {
    handOffFocusedPost: async (data, context) => (await interactiveOverlay()).handOffFocusedPost(data, context),
    lookupRecovered: async () => badges.retryWaiting(),
    watchServer: async () => watchServer(),
  };
}
