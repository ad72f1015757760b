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

export interface MountedBadge {
  host: HTMLElement;
  /** Re-renders for a new tier (the member moved up or down). */
  update(tier: Tier): void;
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
  adoptSharedStyles(root, doc, BADGE_CSS);
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

  const render = (tier: Tier) => {
    button.textContent = tier.shortLabel;
    button.setAttribute('aria-label', t('badgeAccessibleName', tier.name));
    button.title = t('badgeAccessibleName', tier.name);
    button.style.setProperty('--tier-colour', tier.colour);
    button.style.setProperty('--tier-text', readableTextOn(tier.colour));
    button.dataset.tier = tier.id;
  };
  render(options.tier);
  return { host, update: render };
}
