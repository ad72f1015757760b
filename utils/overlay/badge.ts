import type { Tier } from '@/utils/contract';
import { t } from '@/utils/i18n';
import { readableTextOn } from '@/utils/overlay/colour';
import { adoptSharedStyles } from '@/utils/overlay/shared-styles';

/** The only thing Jetway leaves in the host page's light DOM beside a handle. */
export const BADGE_ATTRIBUTE = 'data-jetway-badge';

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

export interface MountedBadge {
  host: HTMLElement;
}

export interface BadgeOptions {
  handle: string;
  tier: Tier;
  onActivate(host: HTMLElement): void;
}

/**
 * Creates a badge host with a closed shadow root. The host page sees only the marker
 * attribute; the tier label and accessible name live inside the closed root, and all
 * text is set with `textContent`.
 */
export function createBadge(doc: Document, options: BadgeOptions): MountedBadge {
  const host = doc.createElement('span');
  host.setAttribute(BADGE_ATTRIBUTE, options.handle);
  // delegatesFocus: focusing the host (keyboard, host.focus()) focuses the badge button.
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: true });
  const button = doc.createElement('button');
  button.type = 'button';
  root.append(button);

  const activate = (event: Event) => {
    // The badge usually sits inside the post's link: keep the host page from navigating.
    event.preventDefault();
    event.stopPropagation();
    options.onActivate(host);
  };
  button.addEventListener('click', activate);
  button.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') activate(event);
  });

  // The tier's colours come with the stylesheet (one per tier, shared by its badges).
  adoptSharedStyles(root, doc, badgeCssFor(options.tier.colour));
  const name = t('badgeAccessibleName', options.tier.name);
  button.textContent = options.tier.shortLabel;
  button.setAttribute('aria-label', name);
  button.title = name;
  return { host };
}
