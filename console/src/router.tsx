import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** Where the server mounts the Console (`base` in vite.config.ts), with its trailing slash. */
export const BASE = import.meta.env.BASE_URL;

const CHANGE = 'jetway:navigate';

export interface Location {
  /** The path inside the Console, without the base: '' for the inbox, 'handoffs/…'. */
  path: string;
  search: URLSearchParams;
}

let focusHeadingOnNextPage = false;

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname.replace(/^\//, '');
  return { path: path.replace(/\/$/, ''), search: url.searchParams };
}

export function hrefOf(to: string): string {
  return `${BASE}${to.replace(/^\//, '')}`;
}

/** Moves inside the Console without a reload; a new page then takes focus on its heading. */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  const href = to.startsWith('?') ? `${window.location.pathname}${to === '?' ? '' : to}` : hrefOf(to);
  if (replace) {
    window.history.replaceState(null, '', href);
  } else {
    focusHeadingOnNextPage = true;
    window.history.pushState(null, '', href);
  }
  window.dispatchEvent(new Event(CHANGE));
}

/** True once after a link was followed: the new page's heading should take focus. */
export function takeHeadingFocus(): boolean {
  const take = focusHeadingOnNextPage;
  focusHeadingOnNextPage = false;
  return take;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

export function Link({ to, onClick, ...props }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={hrefOf(to)} onClick={handle} {...props} />;
}

let flash: string | null = null;

/** A one-time message for the next page (e.g. "Reassigned to Baggage." after leaving a handoff). */
export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string | null {
  const message = flash;
  flash = null;
  return message;
}
