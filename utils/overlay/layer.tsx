import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { OVERLAY_CSS } from '@/components/styles';
import { luminanceOf } from '@/utils/overlay/colour';
import { JETWAY_ATTRIBUTES } from '@/utils/sites/dom';

export interface Layer {
  /** Shows `content` (the card, a menu, a toast) in the layer, replacing what was there. */
  show(content: ReactNode, options?: { dismissible?: boolean }): void;
  hide(): void;
  isOpen(): boolean;
}

/**
 * One overlay layer per page, in a closed shadow root on <body>: the host page can see
 * that it exists but cannot read the member details inside. Escape and a click outside
 * close a dismissible layer and give focus back to what opened it.
 */
export function createLayer(ctx: ContentScriptContext, doc: Document): Layer {
  let host: HTMLElement | null = null;
  let container: HTMLElement | null = null;
  let root: Root | null = null;
  let open = false;
  let dismissible = true;
  let returnFocusTo: Element | null = null;

  const ensure = () => {
    if (host?.isConnected && container && root) return { container, root };
    host = doc.createElement('div');
    host.setAttribute(JETWAY_ATTRIBUTES.layer, '');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = OVERLAY_CSS;
    container = doc.createElement('div');
    container.className = 'jw-root';
    shadow.append(style, container);
    doc.body.append(host);
    root = createRoot(container);
    return { container, root };
  };

  const hide = () => {
    if (!open) return;
    open = false;
    root?.render(null);
    const target = returnFocusTo;
    returnFocusTo = null;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
  };

  ctx.addEventListener(doc, 'keydown', (event) => {
    if (open && dismissible && event.key === 'Escape') hide();
  });
  ctx.addEventListener(doc, 'pointerdown', (event) => {
    if (open && dismissible && host && !event.composedPath().includes(host)) hide();
  });
  ctx.onInvalidated(() => {
    root?.unmount();
    host?.remove();
  });

  return {
    show(content, options) {
      const { container: target, root: reactRoot } = ensure();
      target.dataset.theme = pageTheme(doc);
      dismissible = options?.dismissible ?? true;
      if (!open) returnFocusTo = doc.activeElement;
      open = true;
      reactRoot.render(content);
    },
    hide,
    isOpen: () => open,
  };
}

/** X and Facebook paint their theme on <body>; read it when the layer opens (not in a scan). */
function pageTheme(doc: Document): 'light' | 'dark' {
  const view = doc.defaultView;
  if (!view) return 'light';
  const colour = view.getComputedStyle(doc.body).backgroundColor;
  const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(colour);
  if (!match || match[4] === '0') {
    return view.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  const hex = `#${[match[1], match[2], match[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
  return luminanceOf(hex) < 0.2 ? 'dark' : 'light';
}
