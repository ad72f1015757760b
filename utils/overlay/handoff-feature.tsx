import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { Floating } from '@/components/Floating';
import { HandoffMenu } from '@/components/HandoffMenu';
import { ACTION_CSS } from '@/components/styles';
import { Toast } from '@/components/Toast';
import { identityKey } from '@/utils/contract';
import { t, type MessageKey } from '@/utils/i18n';
import type { ContentBridge, ContentSession } from '@/utils/overlay/bridge';
import { isAgentGesture } from '@/utils/overlay/gesture';
import type { Layer } from '@/utils/overlay/layer';
import { adoptSharedStyles } from '@/utils/overlay/shared-styles';
import type { TabHandlers } from '@/utils/protocol/router';
import { JETWAY_ATTRIBUTES } from '@/utils/sites/dom';
import type { SiteAdapter } from '@/utils/sites/types';
import { createWriteIds, sendWrite, type WriteResult } from '@/utils/writes';

export const ACTION_ATTRIBUTE = JETWAY_ATTRIBUTES.action;
const TOAST_MS = 6_000;

export interface HandoffDeps {
  ctx: ContentScriptContext;
  doc: Document;
  adapter: SiteAdapter;
  bridge: ContentBridge;
  menuLayer: Layer;
  toastLayer: Layer;
  session(): ContentSession;
  /** The post the agent reached when Hand off started (it loads on first use): the control goes there at once. */
  reachedPost?: Element;
}

/** The keyboard command (a verb from the background): hands off the post that holds focus. */
export type HandoffController = Pick<TabHandlers, 'handOffFocusedPost'>;

/**
 * `Hand off` on the post the agent points at or focuses. One click sends the post and its
 * visible thread to the agent's default team; the menu beside it picks another team, adds
 * a reason, or links the customer to a member after private verification.
 */
export function startHandoff(deps: HandoffDeps): HandoffController {
  const { ctx, doc, adapter } = deps;
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
    const id = teamId ?? session.defaultHandoffTeamId;
    return session.handoffTargets.find((team) => team.id === id)?.name ?? '';
  };

  // The undo window: a second click on the same post within it is the same write.
  const writeIds = createWriteIds(TOAST_MS);
  const undoText: Record<'gone' | 'already-saved' | 'too-late' | 'no-answer', MessageKey> = {
    gone: 'undoGone',
    'already-saved': 'undoAlreadySaved',
    'too-late': 'undoTooLate',
    'no-answer': 'undoNoAnswer',
  };

  /** Tells the agent what became of a write; `keep` restarts the window in which a click reuses it. */
  const report = (key: string, result: WriteResult, done: { sent: string; queued: string }, undo?: (outboxId: string) => void) => {
    writeIds.keep(key);
    if (result.kind === 'sent' || result.kind === 'queued') {
      toast(result.kind === 'sent' ? done.sent : done.queued, undo ? () => undo(result.outboxId) : undefined);
    } else toast(result.message);
  };

  const handOff = async (post: Element, toTeamId?: string, reason = '') => {
    const identity = adapter.authorOf(post);
    if (!identity) {
      toast(t('handoffNoAuthor'));
      return;
    }
    const key = `handoff ${adapter.permalinkOf?.(post) ?? identityKey(identity)} ${toTeamId ?? ''} ${reason}`;
    const writeId = writeIds.idFor(key);
    const result = await sendWrite(
      deps.bridge.send,
      'enqueueHandoff',
      { writeId, identity, toTeamId, reason, transcript: adapter.transcriptFor(post) },
      { onChecking: () => toast(t('writeChecking')) },
    );
    const name = teamName(toTeamId);
    report(key, result, { sent: t('handoffSent', name), queued: t('handoffQueued', name) }, (outboxId) => {
      void deps.bridge.send('undoWrite', { outboxId }).then((undone) => {
        if (undone.ok) writeIds.forget(key);
        toast(undone.ok ? t('handoffUndone') : t(undoText[undone.reason]));
      });
    });
  };

  const link = async (post: Element, loyaltyNumber: string) => {
    const identity = adapter.authorOf(post);
    if (!identity) return toast(t('handoffNoAuthor'));
    const key = `link ${identityKey(identity)} ${loyaltyNumber}`;
    const result = await sendWrite(
      deps.bridge.send,
      'enqueueLink',
      { writeId: writeIds.idFor(key), identity, loyaltyNumber },
      { onChecking: () => toast(t('writeChecking')) },
    );
    report(key, result, { sent: t('linkSaved'), queued: t('actionQueued') });
  };

  const openMenu = (post: Element, anchor: HTMLElement) => {
    const session = deps.session();
    deps.menuLayer.show(
      <Floating anchor={anchor}>
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
      </Floating>,
    );
  };

  let control: { host: HTMLElement; post: Element | null } | null = null;

  /** The one `Hand off` control, built on first use: a closed shadow root with two buttons. */
  const createControl = () => {
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
    const made = { host, post: null as Element | null };
    const stop = (event: Event) => {
      // Posts are links on X and Facebook: a click on our button must not open the post.
      event.preventDefault();
      event.stopPropagation();
    };
    // Only the agent's own click (or Enter / Space on the focused button) hands off.
    button.addEventListener('click', (event) => {
      stop(event);
      if (made.post && isAgentGesture(event)) void handOff(made.post);
    });
    more.addEventListener('click', (event) => {
      stop(event);
      if (made.post && isAgentGesture(event)) openMenu(made.post, host);
    });
    return made;
  };

  /** Moves the control into the post the agent points at or focuses (it stays there until the next). */
  const attachTo = (post: Element) => {
    control ??= createControl();
    if (control.post === post && control.host.isConnected) return;
    control.post = post;
    (adapter.actionSlotOf?.(post) ?? post).append(control.host);
  };

  // One delegated listener per kind instead of a button in every post: a busy timeline costs
  // nothing until the agent reaches a post, and the post under the pointer or focus is the
  // one to hand off.
  const follow = (event: Event) => {
    const target = event.target;
    // A pointer the page made up moves nothing: the control stays where the agent pointed.
    if (!isAgentGesture(event) || !(target instanceof Element) || (control && control.host.contains(target)) || !deps.session().signedIn) return;
    const post = adapter.postAt(target);
    if (post) attachTo(post);
  };
  ctx.addEventListener(doc, 'pointerover', follow, { capture: true, passive: true });
  ctx.addEventListener(doc, 'focusin', follow, { capture: true, passive: true });
  if (deps.reachedPost?.isConnected) attachTo(deps.reachedPost);

  return {
    async handOffFocusedPost() {
      const focused = doc.activeElement;
      const post = focused ? adapter.postAt(focused) : null;
      if (!post) {
        toast(t('handoffNoFocusedPost'));
        return false;
      }
      await handOff(post);
      return true;
    },
  };
}
