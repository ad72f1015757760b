import type { Tier } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { readableTextOn } from '@/utils/overlay/colour';
import { isAgentGesture } from '@/utils/overlay/gesture';
import { adoptSharedStyles } from '@/utils/overlay/shared-styles';
import { JETWAY_ATTRIBUTES } from '@/utils/sites/dom';

/** The only thing Jetway leaves in the host page's light DOM beside a handle. */
export const BADGE_ATTRIBUTE = JETWAY_ATTRIBUTES.badge;

const BADGE_CSS = `
:host { all: initial; display: inline-flex; vertical-align: baseline; margin-inline-start: 4px; line-height: 1; }
button {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center;
  height: 1.3em; min-width: 2.4em; padding: 0 0.45em; border-radius: 999px; cursor: pointer;
  font: 700 11px/1 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; letter-spacing: 0.04em;
  background: var(--tier-colour); color: var(--tier-text);
  box-shadow: inset 0 0 0 1px rgba(255, 255, 255, 0.35), 0 0 0 1px rgba(0, 0, 0, 0.15);
}
button:focus-visible { outline: 2px solid #1d9bf0; outline-offset: 2px; }
button:hover { filter: brightness(1.1); }
`;

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
/** Used when a tier's colour is not a plain `#rrggbb` (the contract allows nothing else). */
const FALLBACK_COLOUR = '#6b7280';

const cssByColour = new Map<string, string>();

/** The badge styles with one tier's colours; only a checked `#rrggbb` reaches the CSS text. */
export function badgeCssFor(colour: string): string {
  let css = cssByColour.get(colour);
  if (css === undefined) {
    const background = HEX_COLOUR.test(colour) ? colour : FALLBACK_COLOUR;
    css = `${BADGE_CSS}button { --tier-colour: ${background}; --tier-text: ${readableTextOn(background)}; }\n`;
    cssByColour.set(colour, css);
  }
  return css;
}

/** What every badge of one tier shows, worked out once per tier (a busy feed mounts hundreds). */
interface TierLook {
  colour: string;
  name: string;
  shortLabel: string;
  css: string;
  accessibleName: string;
  /** The tier's finished button, copied into each badge, and the document it was made in. */
  button: { doc: Document; element: HTMLButtonElement } | null;
}

const looks = new Map<string, TierLook>();

function lookOf(tier: Tier): TierLook {
  let look = looks.get(tier.id);
  if (look === undefined || look.colour !== tier.colour || look.name !== tier.name || look.shortLabel !== tier.shortLabel) {
    look = {
      colour: tier.colour,
      name: tier.name,
      shortLabel: tier.shortLabel,
      css: badgeCssFor(tier.colour),
      accessibleName: t('badgeAccessibleName', tier.name),
      button: null,
    };
    looks.set(tier.id, look);
  }
  return look;
}

/**
 * Works out what a tier's badges show ahead of the first one: the accessible name comes
 * from the browser's message catalogue, whose first reads in a tab are slow.
 */
export function prepareBadge(tier: Tier): void {
  lookOf(tier);
}

/**
 * Creates a badge host with a closed shadow root. The host page sees only the marker
 * attribute; the tier label and accessible name live inside the closed root, and all
 * text is set with `textContent`. The badge has no listeners of its own: one pair on the
 * document serves every badge (see `onBadgeActivation`).
 */
export function createBadge(doc: Document, handle: string, tier: Tier): HTMLElement {
  const host = doc.createElement('span');
  host.setAttribute(BADGE_ATTRIBUTE, handle);
  // delegatesFocus: focusing the host (keyboard, host.focus()) focuses the badge button.
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  // The tier's colours come with the stylesheet (one per tier, shared by its badges).
  const look = lookOf(tier);
  adoptSharedStyles(root, doc, look.css);
  // Everything in the button depends on the tier alone: one copy of the tier's own.
  // The document is remembered beside the button: asking the button for it is a DOM call per badge.
  if (look.button?.doc !== doc) look.button = { doc, element: tierButton(doc, look) };
  root.append(look.button.element.cloneNode(true));
  return host;
}

function tierButton(doc: Document, look: TierLook): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = look.shortLabel;
  button.setAttribute('aria-label', look.accessibleName);
  button.title = look.accessibleName;
  return button;
}

/**
 * Calls `activate` when the agent clicks a badge, or presses Enter or Space on it, with
 * the host `isBadge` recognises. One capture listener per kind on the document instead of
 * two per badge: a click inside a closed root reaches the document with the host as its
 * target, and the document sees it before the host page's own handlers do. The badge
 * usually sits inside the post's link, so the event stops there and nothing navigates.
 * Only the agent's own click or key press counts: the host page's `host.click()` or a
 * dispatched event opens nothing (opening a card is an audited read in the agent's name).
 * Returns a function that removes the listeners.
 */
export function onBadgeActivation(doc: Document, isBadge: (target: EventTarget | null) => boolean, activate: (host: HTMLElement) => void): () => void {
  const handle = (event: Event) => {
    if (!isAgentGesture(event) || !isBadge(event.target)) return;
    if (event.type === 'keydown') {
      const key = (event as KeyboardEvent).key;
      if (key !== 'Enter' && key !== ' ') return;
    }
    event.preventDefault();
    event.stopPropagation();
    activate(event.target as HTMLElement);
  };
  doc.addEventListener('click', handle, true);
  doc.addEventListener('keydown', handle, true);
  return () => {
    doc.removeEventListener('click', handle, true);
    doc.removeEventListener('keydown', handle, true);
  };
}
