import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { HandoffMenu } from '@/components/HandoffMenu';
import { ACTION_CSS } from '@/components/styles';
import { Toast } from '@/components/Toast';
import type { Identity } from '@/utils/contract';
import { t } from '@/utils/i18n';
import type { BadgeAnswer } from '@/utils/overlay/badges';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import type { Layer } from '@/utils/overlay/layer';
import type { Scanner } from '@/utils/overlay/scanner';
import { adoptSharedStyles } from '@/utils/overlay/shared-styles';
import type { SiteAdapter } from '@/utils/sites/types';

export const ACTION_ATTRIBUTE = 'data-jetway-action';
const TOAST_MS = 6_000;

export interface HandoffDeps {
  ctx: ContentScriptContext;
  doc: Document;
  adapter: SiteAdapter;
  scanner: Scanner;
  bridge: ContentBridge;
  menuLayer: Layer;
  toastLayer: Layer;
  session(): ContentSession;
  /** The badge answer already known for an identity, for the customer's preferred channel. */
  answerFor(identity: Identity): BadgeAnswer | undefined;
}

export interface HandoffController {
  /** Hands off the post that holds keyboard focus (the keyboard command). */
  handOffFocusedPost(): Promise<boolean>;
}

/**
 * Puts `Hand off` on every post. One click sends the post and its visible thread to the
 * agent's default team; the menu beside it picks another team, adds a reason, or links
 * the customer to a member after private verification.
 */
export function startHandoff(deps: HandoffDeps): HandoffController {
  const { ctx, doc, adapter } = deps;
  const seenPosts = new WeakSet<Element>();
  let toastTimer: number | undefined;

  const toast = (message: string, onUndo?: () => void) => {
    if (toastTimer !== undefined) clearTimeout(toastTimer);
    deps.toastLayer.show(<Toast message={message} onUndo={onUndo} onDismiss={() => deps.toastLayer.hide()} />, {
      dismissible: false,
    });
    toastTimer = ctx.setTimeout(() => deps.toastLayer.hide(), TOAST_MS);
  };

  const teamName = (teamId: string | undefined) => {
    const session = deps.session();
    const id = teamId ?? session.defaultHandoffTeamId ?? session.handoffTargets[0]?.id;
    return session.handoffTargets.find((team) => team.id === id)?.name ?? '';
  };

  const handOff = async (post: Element, toTeamId?: string, reason = '') => {
    const identity = adapter.authorOf(post);
    if (!identity) {
      toast(t('handoffNoAuthor'));
      return;
    }
    const receipt = await deps.bridge.handOff({
      identity,
      toTeamId,
      reason,
      preferredChannel: deps.answerFor(identity)?.member?.preferredChannel ?? null,
      transcript: adapter.transcriptFor(post),
    });
    if (!receipt.ok) {
      toast(receipt.message);
      return;
    }
    const name = teamName(toTeamId);
    toast(receipt.state === 'sent' ? t('handoffSent', name) : t('handoffQueued', name), () => {
      void deps.bridge.undo(receipt.outboxId).then((undone) => toast(undone.ok ? t('handoffUndone') : undone.message));
    });
  };

  const link = async (post: Element, loyaltyNumber: string) => {
    const identity = adapter.authorOf(post);
    if (!identity) return toast(t('handoffNoAuthor'));
    const receipt = await deps.bridge.link(identity, loyaltyNumber);
    toast(receipt.ok ? (receipt.state === 'sent' ? t('linkSaved') : t('actionQueued')) : receipt.message);
  };

  const openMenu = (post: Element, anchor: HTMLElement) => {
    const session = deps.session();
    const rect = anchor.getBoundingClientRect();
    const view = doc.defaultView;
    const left = Math.min(Math.max(8, rect.left), (view?.innerWidth ?? 1024) - 328);
    deps.menuLayer.show(
      <div className="jw-pop" style={{ top: rect.bottom + 6, left }}>
        <HandoffMenu
          teams={session.handoffTargets}
          defaultTeamId={session.defaultHandoffTeamId}
          onClose={() => deps.menuLayer.hide()}
          onHandOff={(teamId, reason) => {
            deps.menuLayer.hide();
            void handOff(post, teamId, reason);
          }}
          onLink={(loyaltyNumber) => {
            deps.menuLayer.hide();
            void link(post, loyaltyNumber);
          }}
        />
      </div>,
    );
  };

  const mount = (post: Element) => {
    const host = doc.createElement('span');
    host.setAttribute(ACTION_ATTRIBUTE, 'handoff');
    const root = host.attachShadow({ mode: 'closed' });
    adoptSharedStyles(root, doc, ACTION_CSS);
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = t('handoffButton');
    const more = doc.createElement('button');
    more.type = 'button';
    more.className = 'more';
    more.textContent = '▾';
    more.setAttribute('aria-label', t('handoffMore'));
    more.setAttribute('aria-haspopup', 'dialog');
    root.append(button, more);
    const stop = (event: Event) => {
      // Posts are links on X and Facebook: a click on our button must not open the post.
      event.preventDefault();
      event.stopPropagation();
    };
    button.addEventListener('click', (event) => {
      stop(event);
      void handOff(post);
    });
    more.addEventListener('click', (event) => {
      stop(event);
      openMenu(post, host);
    });
    const slot = adapter.actionSlotOf?.(post);
    if (slot) slot.append(host);
    else post.append(host);
  };

  deps.scanner.onAdded((roots) => {
    if (!deps.session().signedIn) return;
    for (const root of roots) {
      for (const post of adapter.findPosts(root)) {
        if (seenPosts.has(post)) continue;
        seenPosts.add(post);
        mount(post);
      }
    }
  });

  return {
    async handOffFocusedPost() {
      const focused = doc.activeElement;
      const post = focused ? adapter.findPosts(doc).find((candidate) => candidate === focused || candidate.contains(focused)) : undefined;
      if (!post) {
        toast(t('handoffNoFocusedPost'));
        return false;
      }
      await handOff(post);
      return true;
    },
  };
}
