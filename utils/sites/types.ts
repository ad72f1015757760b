import type { Identity, TranscriptEntry } from '@/utils/contract';

export type SightingKind =
  | 'post-author'
  | 'quoted-author'
  | 'user-cell'
  | 'profile-header'
  | 'notification'
  | 'dm-list'
  | 'dm-header'
  | 'hover-card'
  | 'comment-author'
  | 'inbox-list'
  | 'inbox-header';

/** A customer's handle seen on the page, and where its badge goes. */
export interface HandleSighting {
  identity: Identity;
  kind: SightingKind;
  /** The badge host is inserted right after this element. */
  anchor: Element;
  /** The post, comment or message the handle belongs to, if any. */
  post: Element | null;
}

/**
 * Everything Jetway reads from one site's DOM. Implementations take the DOM they read
 * (never the global `document`) and do no layout reads: only queries, attributes, text.
 */
export interface SiteAdapter {
  site: 'x' | 'facebook';
  findSightings(root: ParentNode): HandleSighting[];
  /** Posts, comments and messages inside `root` that get a `Hand off` button. */
  findPosts(root: ParentNode): Element[];
  /** The post and the visible thread around it, oldest first. */
  transcriptFor(post: Element): TranscriptEntry[];
  /** The customer who wrote a post. */
  authorOf(post: Element): Identity | null;
  /** Where a post's `Hand off` button goes (appended); the post itself when null. */
  actionSlotOf?(post: Element): Element | null;
  /** Posts in `root` and how many of them had a readable author handle. */
  health(root: ParentNode): { posts: number; postsWithHandle: number };
}

/** Elements matching `selector` in `root`, `root` itself included. */
export function queryAllIncludingRoot(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  if (isElement(root) && root.matches(selector)) found.unshift(root);
  return found;
}

export function isElement(node: unknown): node is Element {
  return typeof node === 'object' && node !== null && (node as Node).nodeType === 1;
}

/** Text of an element without Jetway's own nodes, whitespace collapsed, capped. */
export function visibleText(element: Element | null, max = 4_000): string {
  if (!element) return '';
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
}
