import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';
import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Room kept between a panel and the window's edges, in px. */
const EDGE = 8;
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A panel (the member card, the Hand off menu) beside its anchor, kept inside the window by
 * Floating UI: below the anchor, flipped above when there is more room there, shifted
 * sideways off the edges, and never taller or wider than the room left (it scrolls inside
 * then, through `--jw-available-height` / `--jw-available-width`). It follows the anchor
 * while the page scrolls or resizes. Tab and Shift+Tab stay inside while it is open; the
 * layer closes it on Escape and gives focus back to the anchor.
 */
export function Floating({ anchor, children }: { anchor: Element; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const floating = ref.current;
    if (!floating) return;
    const update = () => {
      void computePosition(anchor, floating, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          flip({ padding: EDGE, fallbackStrategy: 'bestFit' }),
          shift({ padding: EDGE }),
          size({
            padding: EDGE,
            apply({ availableWidth, availableHeight, elements }) {
              elements.floating.style.setProperty('--jw-available-height', `${Math.max(0, Math.floor(availableHeight))}px`);
              elements.floating.style.setProperty('--jw-available-width', `${Math.max(0, Math.floor(availableWidth))}px`);
            },
          }),
        ],
      }).then(({ x, y, placement }) => {
        Object.assign(floating.style, { left: `${x}px`, top: `${y}px`, opacity: '1' });
        floating.dataset.placement = placement;
      });
    };
    return autoUpdate(anchor, floating, update);
  }, [anchor]);

  const trapFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((item) => item.getClientRects().length > 0);
    if (items.length === 0) return;
    const root = ref.current.getRootNode() as Document | ShadowRoot;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = root.activeElement;
    const inside = active instanceof Node && ref.current.contains(active);
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  };

  // Invisible (still focusable, so autofocus works) until the first position is known.
  return (
    <div ref={ref} className="jw-pop" style={{ left: 0, top: 0, opacity: 0 }} onKeyDown={trapFocus}>
      {children}
    </div>
  );
}
